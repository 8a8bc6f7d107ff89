#!/usr/bin/env python3
"""Counts references nl.toegang.<pkg>. between top-level packages of src/main/java/nl/toegang (the way issue 16 measured
the dependency cycles): prints package pairs that import each other and every cycle. -v prints every edge.
Run from the repository root: python3 src/test/bench/package-deps.py"""
import os,re,sys,collections
root=sys.argv[1] if len(sys.argv)>1 else 'src/main/java/nl/toegang'
edges=collections.Counter()
for d,_,fs in os.walk(root):
    for f in fs:
        if not f.endswith('.java'): continue
        rel=os.path.relpath(os.path.join(d,f),root)
        src=rel.split(os.sep)[0] if os.sep in rel else None
        if not src: continue
        txt=open(os.path.join(d,f)).read()
        for m in re.findall(r'nl\.toegang\.([a-z]+)\.',txt):
            if m!=src: edges[(src,m)]+=1
pk=sorted({a for a,b in edges}|{b for a,b in edges})
g=collections.defaultdict(set)
for (a,b) in edges: g[a].add(b)
mutual=[(a,b) for (a,b) in edges if a<b and (b,a) in edges]
print("mutual pairs:",len(mutual))
for a,b in mutual: print(f"  {a}<->{b} {edges[(a,b)]}/{edges[(b,a)]}")
# tarjan
idx={};low={};st=[];on=set();sccs=[];c=[0]
def sc(v):
    idx[v]=low[v]=c[0];c[0]+=1;st.append(v);on.add(v)
    for w in g[v]:
        if w not in idx: sc(w);low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        s=[]
        while True:
            w=st.pop();on.discard(w);s.append(w)
            if w==v:break
        sccs.append(s)
for v in pk:
    if v not in idx: sc(v)
for s in sccs:
    if len(s)>1: print("cycle:",len(s),sorted(s))
if '-v' in sys.argv:
    for (a,b),n in sorted(edges.items()): print(a,'->',b,n)
