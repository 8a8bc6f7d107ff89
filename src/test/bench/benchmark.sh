#!/usr/bin/env bash
# Toegang benchmark: builds the jar, extracts it as the Dockerfile does, and runs the load generator, which starts
# Toegang as a separate process on the local PostgreSQL and Redis. Results go to docs/benchmarks.md.
#   bash src/test/bench/benchmark.sh            the benchmark (about five minutes), rewrites docs/benchmarks.md
#   bash src/test/bench/benchmark.sh --scale    the scale run: 1,000,000 accounts and 100,000 sessions (printed only)
#   bash src/test/bench/benchmark.sh --keycloak side by side with Keycloak (about fifteen minutes): fetches its
#        distribution from Maven Central into ~/.m2, runs it with the newest JDK 21+ under /usr/lib/jvm, and writes
#        the table with the ratios into docs/benchmarks.md. -Dbench.warmup-seconds=N (default 120) in BENCH_JAVA_OPTS.
# JVM flags of the server: docker/jvm.options (the Dockerfile's). Profiling: BENCH_JAVA_OPTS='-Dbench.server-jvm=...'
# A quick look at some phases: BENCH_JAVA_OPTS='-Dbench.phases=cc-steady,browser-login' (printed only); tokens signed
# with another algorithm: -Dbench.signing-algorithm=ES256.
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
if [[ " $* " == *" --keycloak "* ]]; then
  mvn -B -q dependency:get -Dartifact="org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION:-26.5.6}:zip"
  BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dbench.keycloak-version=${KEYCLOAK_VERSION:-26.5.6}"
fi
rm -rf target/bench-app
java -Djarmode=tools -jar target/toegang.jar extract --destination target/bench-app
java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" ${BENCH_JAVA_OPTS:-} nl.toegang.benchmark.Benchmark target/bench-app "$@"
