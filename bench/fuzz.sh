#!/usr/bin/env bash
# Coverage-guided fuzzing (Jazzer) of the OTLP/JSON reader, the OTLP/HTTP protobuf receive path and the query
# parameter parsers, one @FuzzTest at a time (Jazzer fuzzes one per JVM), each for DURATION (default 10m; CI runs 15s).
#   bench/fuzz.sh [DURATION]
# New coverage goes to each module's .cifuzz-corpus/ (kept between runs, not committed); a failing input is
# written next to the seeds under src/test/resources/.../<Test>Inputs/<method>/, where every
# `./mvnw verify` replays it from then on: commit it with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10m}"
targets=(
  "pipeline io.spanvault.pipeline.otlp.json.OtlpJsonFuzzTest#tracesDecodeOrFailWithAProblem"
  "pipeline io.spanvault.pipeline.otlp.json.OtlpJsonFuzzTest#metricsAndLogsDecodeOrFailWithAProblem"
  "receiver io.spanvault.receiver.otlp.http.ProtobufReceiveFuzzTest#bodiesDecodeOrAreRefusedWithAReason"
  "query-api io.spanvault.query.http.QueryParameterFuzzTest#anyQueryStringIsAnsweredWithoutA500OrInternals"
)
for target in "${targets[@]}"; do
  module="${target%% *}"
  test="${target#* }"
  echo "fuzzing ${test} for ${duration}"
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${duration}" ./mvnw -B -q -pl "${module}" -am verify \
    -Dtest="${test}" -Dsurefire.failIfNoSpecifiedTests=false
  report="${module}/target/surefire-reports/${test%%#*}-output.txt"
  grep -E "^#[0-9]+.*DONE|Done [0-9]+ runs" "${report}" | tail -1 || true
done
