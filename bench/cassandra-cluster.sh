#!/usr/bin/env bash
# Issue 15's node-kill run: a 3-node Cassandra 5 cluster on 127.0.0.1/.2/.3 (replication factor 3), two gateways
# writing at LOCAL_QUORUM and a --preset query node; OTLP load on both gateways, kill -9 of one Cassandra node
# mid-load, then every acknowledged span looked up through the query node. Exits 1 if one is missing.
#   bench/cassandra-cluster.sh                                  # 30 s before the kill, 30 s after, 100 spans/s a gateway
#   bench/cassandra-cluster.sh --before 120s --after 300s --rate 500 --kill 127.0.0.1
# Other flags: --spans-per-request 50, --base-port 26000 (storage +0, native +42, gRPC +101/+111, query +686,
# health +133), --dir DIR (logs, acknowledged-traces.txt, report.txt). SKIP_BUILD=1 reuses the jars in */target.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl bench -am package -DskipTests
fi
dir=""
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[i]}" == --dir ]] && dir="${args[i + 1]:-}"
done
if [[ -z "$dir" ]]; then
  dir="$(mktemp -d -t spanvault-cassandra-cluster.XXXXXX)"
  args+=(--dir "$dir")
fi
driver=""
# The driver stops what it started on exit and on SIGTERM; this catches what is left if it was killed outright.
cleanup() {
  if [[ -n "$driver" ]] && kill -0 "$driver" 2>/dev/null; then
    kill "$driver" 2>/dev/null || true
    wait "$driver" 2>/dev/null || true
  fi
  if [[ -f "$dir/pids" ]]; then
    while read -r pid; do
      # only a process of this run: its command line names the run's directory (a pid may have been reused)
      if [[ -r "/proc/$pid/cmdline" ]] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "$dir"; then
        kill -9 "$pid" 2>/dev/null || true
      fi
    done < "$dir/pids"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
java -cp bench/target/spanvault-loadgen.jar io.spanvault.bench.cassandra.CassandraClusterBench \
  --server-jar server/target/spanvault.jar "${args[@]}" &
driver=$!
wait "$driver"
