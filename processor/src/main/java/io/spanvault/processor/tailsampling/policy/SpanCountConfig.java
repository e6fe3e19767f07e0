package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;

/** {@code span_count}: sampled when the trace has {@code min_spans} to {@code max_spans} spans (0 = no maximum). */
public record SpanCountConfig(Integer minSpans, Integer maxSpans) {

    public SpanCountConfig {
        minSpans = minSpans == null ? 0 : minSpans;
        maxSpans = maxSpans == null ? 0 : maxSpans;
        if (minSpans < 0) {
            throw new InvalidConfigException("min_spans", "must not be negative");
        }
        if (maxSpans != 0 && maxSpans < minSpans) {
            throw new InvalidConfigException("max_spans", "must not be less than min_spans");
        }
    }

    Policy policy() {
        int min = minSpans;
        int max = maxSpans;
        return trace -> trace.spanCount() >= min && (max == 0 || trace.spanCount() <= max)
                ? Decision.SAMPLED : Decision.NOT_SAMPLED;
    }
}
