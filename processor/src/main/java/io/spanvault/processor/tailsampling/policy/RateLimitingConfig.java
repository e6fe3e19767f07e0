package io.spanvault.processor.tailsampling.policy;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.function.LongSupplier;

/**
 * {@code rate_limiting.spans_per_second}: as the collector's, traces are sampled while the spans sampled in
 * the current wall-clock second plus this trace's stay below the limit; the count restarts each second.
 */
public record RateLimitingConfig(Long spansPerSecond) {

    public RateLimitingConfig {
        spansPerSecond = spansPerSecond == null ? 0L : spansPerSecond;
        if (spansPerSecond <= 0) {
            throw new InvalidConfigException("spans_per_second", "must be positive");
        }
    }

    Policy policy(LongSupplier currentSecond) {
        long limit = spansPerSecond;
        long[] state = {Long.MIN_VALUE, 0}; // the second, spans sampled in it
        return trace -> {
            long now = currentSecond.getAsLong();
            if (state[0] != now) {
                state[0] = now;
                state[1] = 0;
            }
            long ifSampled = state[1] + trace.spanCount();
            if (ifSampled < limit) {
                state[1] = ifSampled;
                return Decision.SAMPLED;
            }
            return Decision.NOT_SAMPLED;
        };
    }
}
