package io.spanvault.query.jaeger;

import io.spanvault.storage.TraceId;
import java.util.List;

/** A span in Jaeger's model, times in microseconds; {@code warnings} is empty when there are none. */
public record JaegerSpan(TraceId traceId, long spanId, String operationName, List<JaegerReference> references,
        long startTimeMicros, long durationMicros, List<JaegerKeyValue> tags, List<JaegerLog> logs,
        JaegerProcess process, List<String> warnings) {
}
