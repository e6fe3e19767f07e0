package io.spanvault.query.jaeger;

import java.util.List;

/** The spans of one trace in Jaeger's model, in stored order, and the trace's warnings (empty when none). */
public record JaegerTrace(List<JaegerSpan> spans, List<String> warnings) {
}
