package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import java.util.Set;

/**
 * {@code trace_state}: sampled when a span's W3C tracestate has member {@code key} with one of {@code values}.
 * A tracestate with a malformed member matches nothing, as the collector's parser rejects it whole.
 */
public record TraceStateConfig(String key, List<String> values) {
    private static final int MAX_MEMBER_LENGTH = 256;

    public TraceStateConfig {
        values = values == null ? List.of() : List.copyOf(values);
        if (key == null || key.isEmpty()) {
            throw new InvalidConfigException("key", "must be set");
        }
        if (values.isEmpty()) {
            throw new InvalidConfigException("values", "must list at least one value");
        }
        for (int i = 0; i < values.size(); i++) {
            if (key.length() + values.get(i).length() >= MAX_MEMBER_LENGTH) {
                throw new InvalidConfigException("values." + i, "key and value together must be shorter than "
                        + MAX_MEMBER_LENGTH + " characters");
            }
        }
    }

    /** The value of {@code key} in a tracestate, or null when absent or the tracestate is malformed. */
    static String member(String traceState, String key) {
        String found = null;
        for (String raw : traceState.split(",", -1)) {
            String member = raw.strip();
            if (member.isEmpty()) {
                continue;
            }
            int eq = member.indexOf('=');
            if (eq < 1 || eq == member.length() - 1) {
                return null;
            }
            if (found == null && member.substring(0, eq).equals(key)) {
                found = member.substring(eq + 1);
            }
        }
        return found;
    }

    Policy policy() {
        Set<String> wanted = Set.copyOf(values);
        return trace -> SpanConditions.anySpan(trace, span -> {
            String value = member(span.getTraceState(), key);
            return value != null && wanted.contains(value);
        }) ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
}
