#!/usr/bin/env bash
# Toegang benchmark: builds the jar, extracts it as the Dockerfile does, and runs the load generator, which starts
# Toegang as a separate process on the local PostgreSQL and Redis. Results go to docs/benchmarks.md.
#   bash src/test/bench/benchmark.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt
rm -rf target/bench-app
java -Djarmode=tools -jar target/toegang.jar extract --destination target/bench-app
java -cp "target/test-classes:target/classes:$(cat target/bench-cp.txt)" nl.toegang.benchmark.Benchmark target/bench-app
