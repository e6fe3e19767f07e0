#!/usr/bin/env bash
# Builds the server jar and the load generator jar, then runs the scenarios against the server jar.
#   bench/run.sh                                   # every scenario, 30 s each after a 10 s warm-up
#   bench/run.sh --scenarios trace10k-grpc,trace10k-http
#   bench/run.sh --smoke                           # a few seconds per scenario
# SKIP_BUILD=1 reuses the jars already in */target. Other options: see ScenarioRunner's usage.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
exec java -cp bench/target/spanvault-loadgen.jar io.spanvault.bench.runner.ScenarioRunner \
  --server-jar server/target/spanvault.jar "$@"
