#!/usr/bin/env bash
# Zipkin JSON v2 ingest throughput: Zipkin 3.6.1 (in-memory storage) against Spanvault (zipkin receiver ->
# batch -> store), same spans, same load generator, one run each, one server at a time.
#   bench/zipkin-compare.sh                        # 10 s warm-up + 30 s measured per server
#   DURATION=20s WARMUP=5s SKIP_BUILD=1 bench/zipkin-compare.sh
# Fetches io.zipkin:zipkin-server:3.6.1:exec with the wrapper's Maven into bench/target/zipkin. Both servers
# run with the gateway tuning (-XX:+UseG1GC -Xms16m -Xmx1g) on loopback ports BASE_PORT..BASE_PORT+4.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
CONCURRENCY=${CONCURRENCY:-64}
BASE_PORT=${BASE_PORT:-20610}
JVM_OPTS=(-XX:+UseG1GC -Xms16m -Xmx1g)
ZIPKIN_VERSION=3.6.1
ZIPKIN_JAR=bench/target/zipkin/zipkin-server-$ZIPKIN_VERSION-exec.jar

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
if [[ ! -f $ZIPKIN_JAR ]]; then
  ./mvnw -B -q dependency:copy -Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec \
    -DoutputDirectory=bench/target/zipkin
fi

SERVER_PID=
stop_server() {
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
}
trap stop_server EXIT

await_http() {
  for _ in $(seq 1 300); do
    if curl -sf -o /dev/null "$1"; then return 0; fi
    sleep 0.2
  done
  echo "no answer from $1" >&2
  return 1
}

load() {
  java -cp bench/target/spanvault-loadgen.jar io.spanvault.bench.loadgen.LoadGenerator --protocol zipkin \
    --endpoint "127.0.0.1:$1" --rate max --duration "$2" --spans-per-request 100 --shape testbed \
    --concurrency "$CONCURRENCY"
}

measure() {
  local name=$1 port=$2
  load "$port" "$WARMUP" > /dev/null
  local line
  line=$(load "$port" "$DURATION")
  echo "$name $line" >&2
  echo "$line" | sed -E 's/.* spans_per_s=([0-9]+).*/\1/'
}

# Zipkin: in-memory storage (its default), on loopback only
java "${JVM_OPTS[@]}" -jar "$ZIPKIN_JAR" --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port=$BASE_PORT \
  --armeria.ports[0].protocols=http > bench/target/zipkin/zipkin-server.log 2>&1 &
SERVER_PID=$!
await_http "http://127.0.0.1:$BASE_PORT/health"
ZIPKIN_SPS=$(measure "zipkin-$ZIPKIN_VERSION" $BASE_PORT)
stop_server

DATA=$(mktemp -d)
SPANVAULT_BENCH_ZIPKIN=127.0.0.1:$((BASE_PORT + 1)) SPANVAULT_BENCH_HEALTH=127.0.0.1:$((BASE_PORT + 2)) \
  SPANVAULT_BENCH_METRICS=127.0.0.1:$((BASE_PORT + 3)) SPANVAULT_BENCH_DATA=$DATA MALLOC_ARENA_MAX=2 \
  java "${JVM_OPTS[@]}" -jar server/target/spanvault.jar --config bench/src/main/resources/scenarios/zipkin-store.yaml \
  > bench/target/zipkin/spanvault.log 2>&1 &
SERVER_PID=$!
await_http "http://127.0.0.1:$((BASE_PORT + 2))/"
SPANVAULT_SPS=$(measure spanvault $((BASE_PORT + 1)))
stop_server
rm -rf "$DATA"

echo "zipkin_json_ingest zipkin_${ZIPKIN_VERSION}_spans_per_s=$ZIPKIN_SPS spanvault_spans_per_s=$SPANVAULT_SPS" \
  "ratio=$(awk -v a="$SPANVAULT_SPS" -v b="$ZIPKIN_SPS" 'BEGIN { printf "%.2f", a / b }')"
