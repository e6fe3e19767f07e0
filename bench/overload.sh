#!/usr/bin/env bash
# The overload scenario: the server at -Xmx256m under 64 concurrent 8 MB OTLP/HTTP requests and 64
# concurrent 3.2 MB OTLP/gRPC calls for 60 s (see bench/README.md). SKIP_BUILD=1 reuses the jars.
#   bench/overload.sh [--duration 60s] [--concurrency 64]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
exec java -cp bench/target/spanvault-loadgen.jar io.spanvault.bench.runner.OverloadRun \
  --server-jar server/target/spanvault.jar "$@"
