#!/usr/bin/env bash
# Start-up to "ready" of the README's start command: the server's own "started in N ms", the process's CPU
# time (user+sys) when it logged ready, and how many classes it loaded. CPU and classes mean something on a
# busy machine; the wall time only on a quiet one.
#   bench/startup.sh [RUNS] [-- JVM_OPTION...]      e.g. bench/startup.sh 5 -- -XX:SharedArchiveFile=app.jsa
# Uses the default preset (all-in-one, ports 4317, 4318, 9411, 16686, 13133, 8888, 8889) with a fresh data
# directory; SPANVAULT_CONFIG=FILE runs with --config FILE instead.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
shift || true
[ "${1:-}" = "--" ] && shift
jar=server/target/spanvault.jar
[ -f "$jar" ] || { echo "build first: ./mvnw -B -q -DskipTests package" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
args=()
[ -n "${SPANVAULT_CONFIG:-}" ] && args=(--config "$SPANVAULT_CONFIG")
tck=$(getconf CLK_TCK)
for run in $(seq 1 "$runs"); do
  rm -rf "$work/data"
  SPANVAULT_DATA_DIR="$work/data" java "$@" -Xlog:class+load:file="$work/classes.txt" -jar "$jar" "${args[@]}" \
    > "$work/out.txt" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    grep -q "Everything is ready" "$work/out.txt" && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/out.txt" >&2; exit 1; }
    sleep 0.05
  done
  read -r utime stime < <(awk '{print $14, $15}' "/proc/$pid/stat")
  ready=$(grep -o "started in [0-9]* ms" "$work/out.txt" | grep -o "[0-9]*")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "run $run: ready ${ready} ms wall, $(( (utime + stime) * 1000 / tck )) ms CPU, $(wc -l < "$work/classes.txt") classes"
done
