#!/usr/bin/env bash
# Start-up to "ready" of the README's start command: the wall time from exec to the "Everything is ready" line
# (and the server's own "started in N ms", from main), the CPU time (user+sys) of the launcher and of the
# server JVM it starts (see server/README: on JDK 24+, or with a class-data-sharing archive, `java -jar`
# runs the server in a child JVM) when it logged ready, and how many classes the server loaded. CPU and
# classes mean something on a busy machine; the wall times only on a quiet one. Each run also prints the CPU
# per thread at ready (main, JIT compilers, GC, the store's threads, the rest) and the load average.
#   bench/startup.sh [RUNS] [-- JVM_OPTION...]      e.g. bench/startup.sh 5 -- -XX:SharedArchiveFile=app.jsa
# Uses the default preset (all-in-one, ports 4317, 4318, 9411, 16686, 13133, 8888, 8889) with a fresh data
# directory; SPANVAULT_CONFIG=FILE runs with --config FILE instead. CLASS_LOG=off leaves out the class-load
# log (-Xlog:class+load, for the class count), which itself costs the start-up some tens of milliseconds.
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
cpu_ms() { read -r utime stime < <(awk '{print $14, $15}' "/proc/$1/stat"); echo $(( (utime + stime) * 1000 / tck )); }
# CPU per thread of process $1, summed by role: the main thread, the JIT compilers, GC, the store's threads, the rest
threads_ms() {
  local main=0 c1=0 c2=0 gc=0 store=0 other=0 stat name ms
  for task in /proc/"$1"/task/*; do
    [ "${task##*/}" = "$1" ] && continue # the launcher binary's first thread, which only waits for the JVM's main
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    name=${stat#*(}; name=${name%)*}
    read -r -a f <<< "${stat##*) }"
    ms=$(( (f[11] + f[12]) * 1000 / tck ))
    case "$name" in
      java) main=$((main + ms)) ;;
      "C1 Compiler"*) c1=$((c1 + ms)) ;;
      "C2 Compiler"*) c2=$((c2 + ms)) ;;
      G1*|GC*|"VM Thread") gc=$((gc + ms)) ;;
      spanvault-store*|background~*) store=$((store + ms)) ;;
      *) other=$((other + ms)) ;;
    esac
  done
  echo "main ${main}, C1 ${c1}, C2 ${c2}, GC+VM ${gc}, store ${store}, other ${other} ms"
}
for run in $(seq 1 "$runs"); do
  rm -rf "$work/data" "$work"/classes-*.txt
  : > "$work/out.txt"
  began=$(date +%s%N)
  class_log=(-Xlog:class+load:file="$work/classes-%p.txt")
  [ "${CLASS_LOG:-on}" = off ] && class_log=()
  SPANVAULT_DATA_DIR="$work/data" java "$@" "${class_log[@]}" -jar "$jar" "${args[@]}" \
    > "$work/out.txt" 2>&1 &
  pid=$!
  for _ in $(seq 1 3000); do
    grep -q "Everything is ready" "$work/out.txt" && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/out.txt" >&2; exit 1; }
    sleep 0.02
  done
  wall=$(( ($(date +%s%N) - began) / 1000000 ))
  child=$(cat /proc/"$pid"/task/*/children 2>/dev/null | tr -s ' ' '\n' | head -1)
  launcher=$(cpu_ms "$pid")
  launcher_threads=$(threads_ms "$pid")
  server=$launcher
  server_threads=$launcher_threads
  [ -n "$child" ] && server=$(cpu_ms "$child") && server_threads=$(threads_ms "$child")
  ready=$(grep -o "started in [0-9]* ms" "$work/out.txt" | grep -o "[0-9]*")
  classes="an uncounted number of"
  [ -f "$work/classes-${child:-$pid}.txt" ] && classes=$(wc -l < "$work/classes-${child:-$pid}.txt")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  if [ -n "$child" ]; then
    echo "run $run: ready ${wall} ms wall from exec (${ready} ms from main), server ${server} ms CPU + launcher ${launcher} ms CPU, ${classes} classes"
    echo "  server threads: ${server_threads}; launcher threads: ${launcher_threads}"
  else
    echo "run $run: ready ${wall} ms wall from exec (${ready} ms from main), ${server} ms CPU, ${classes} classes"
    echo "  threads: ${server_threads}"
  fi
  echo "  load average $(cut -d' ' -f1-3 /proc/loadavg)"
done
