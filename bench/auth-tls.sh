#!/usr/bin/env bash
# The cost of authentication and TLS per request on the OTLP receivers: plain, bearertokenauth, basicauth,
# TLS and TLS+bearer on gRPC and HTTP, in interleaved rounds (see bench/README.md). SKIP_BUILD=1 reuses the jars.
#   bench/auth-tls.sh [--warmup-rounds 5] [--rounds 5] [--run 5s] [--warmup 3s] [--concurrency 8] [--spans-per-request 10]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
exec java -cp bench/target/spanvault-loadgen.jar io.spanvault.bench.runner.AuthTlsCostRun \
  --server-jar server/target/spanvault.jar "$@"
