package io.spanvault.processor.tailsampling.policy;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.otlp.Attributes;
import java.util.List;
import java.util.function.Predicate;

/**
 * The attribute policies' shared rule, as the collector's: a resource attribute or a span attribute with the
 * key whose value matches samples the trace; with {@code invert_match} any match gives INVERT_NOT_SAMPLED
 * and no match INVERT_SAMPLED.
 */
final class SpanConditions {
    private SpanConditions() {
    }

    static Decision byAttribute(TraceData trace, String key, Predicate<AnyValue> matches, boolean invert) {
        boolean found = anyResourceOrSpan(trace, key, matches);
        if (invert) {
            return found ? Decision.INVERT_NOT_SAMPLED : Decision.INVERT_SAMPLED;
        }
        return found ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }

    private static boolean anyResourceOrSpan(TraceData trace, String key, Predicate<AnyValue> matches) {
        for (ResourceSpans rs : trace.batches()) {
            if (test(rs.getResource().getAttributesList(), key, matches)) {
                return true;
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    if (test(span.getAttributesList(), key, matches)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean test(List<KeyValue> attributes, String key, Predicate<AnyValue> matches) {
        AnyValue value = Attributes.get(attributes, key);
        return value != null && matches.test(value);
    }

    /** Whether any span of the trace satisfies {@code condition}. */
    static boolean anySpan(TraceData trace, Predicate<Span> condition) {
        for (ResourceSpans rs : trace.batches()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    if (condition.test(span)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
