#!/usr/bin/env bash
# Toegang benchmark: builds the jar, extracts it as the Dockerfile does, and runs the load generator, which starts
# Toegang as a separate process on the local PostgreSQL and Redis. Results go to docs/benchmarks.md.
#   bash src/test/bench/benchmark.sh            the benchmark (about five minutes), rewrites docs/benchmarks.md
#   bash src/test/bench/benchmark.sh --scale    the scale run: 1,000,000 accounts and 100,000 sessions (printed only)
# JVM flags of the server: docker/jvm.options (the Dockerfile's). Profiling: BENCH_JAVA_OPTS='-Dbench.server-jvm=...'
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
rm -rf target/bench-app
java -Djarmode=tools -jar target/toegang.jar extract --destination target/bench-app
java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" ${BENCH_JAVA_OPTS:-} nl.toegang.benchmark.Benchmark target/bench-app "$@"
