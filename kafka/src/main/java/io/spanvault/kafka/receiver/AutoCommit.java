package io.spanvault.kafka.receiver;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;

/**
 * {@code autocommit}: how often marked offsets are committed ({@code interval}, default 1s). With
 * {@code enable: false} they are committed after every poll. Either way only marked messages are committed.
 */
public record AutoCommit(Boolean enable, Duration interval) {
    public AutoCommit {
        enable = enable == null ? Boolean.TRUE : enable;
        interval = interval == null ? Duration.ofSeconds(1) : interval;
        if (interval.isNegative()) {
            throw new InvalidConfigException("interval", "must not be negative");
        }
    }

    public static AutoCommit defaults() {
        return new AutoCommit(null, null);
    }

    Duration commitEvery() {
        return enable ? interval : Duration.ZERO;
    }
}
