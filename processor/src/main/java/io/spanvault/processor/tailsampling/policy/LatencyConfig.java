package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;

/** {@code latency}: {@code threshold_ms} and, optionally, {@code upper_threshold_ms} (0 = no upper bound). */
public record LatencyConfig(Long thresholdMs, Long upperThresholdMs) {

    public LatencyConfig {
        thresholdMs = thresholdMs == null ? 0L : thresholdMs;
        upperThresholdMs = upperThresholdMs == null ? 0L : upperThresholdMs;
        if (thresholdMs < 0) {
            throw new InvalidConfigException("threshold_ms", "must not be negative");
        }
        if (upperThresholdMs != 0 && upperThresholdMs < thresholdMs) {
            throw new InvalidConfigException("upper_threshold_ms", "must not be less than threshold_ms");
        }
    }

    /**
     * The trace's duration is its latest span end minus its earliest span start, grown span by span as the
     * collector does: sampled as soon as it reaches {@code threshold_ms} (without an upper bound) or lies
     * in {@code (threshold_ms, upper_threshold_ms]}.
     */
    Policy policy() {
        long lower = thresholdMs;
        long upper = upperThresholdMs;
        return trace -> {
            long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
            return SpanConditions.anySpan(trace, span -> {
                window[0] = Math.min(window[0], span.getStartTimeUnixNano());
                window[1] = Math.max(window[1], span.getEndTimeUnixNano());
                long ms = (window[1] - window[0]) / 1_000_000;
                return upper == 0 ? ms >= lower : lower < ms && ms <= upper;
            }) ? Decision.SAMPLED : Decision.NOT_SAMPLED;
        };
    }
}
