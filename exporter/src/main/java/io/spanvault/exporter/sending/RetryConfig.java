package io.spanvault.exporter.sending;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;

/**
 * {@code retry_on_failure}: exponential back-off for requests that failed with a retryable error, with the
 * collector's keys and defaults (configretry.BackOffConfig). A {@code max_elapsed_time} of 0 retries forever.
 */
public record RetryConfig(Boolean enabled, Duration initialInterval, Double randomizationFactor, Double multiplier,
        Duration maxInterval, Duration maxElapsedTime) {

    public RetryConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        initialInterval = initialInterval == null ? Duration.ofSeconds(5) : initialInterval;
        randomizationFactor = randomizationFactor == null ? 0.5 : randomizationFactor;
        multiplier = multiplier == null ? 1.5 : multiplier;
        maxInterval = maxInterval == null ? Duration.ofSeconds(30) : maxInterval;
        maxElapsedTime = maxElapsedTime == null ? Duration.ofMinutes(5) : maxElapsedTime;
        if (enabled) {
            requireNonNegative("initial_interval", initialInterval);
            requireNonNegative("max_interval", maxInterval);
            requireNonNegative("max_elapsed_time", maxElapsedTime);
            if (randomizationFactor < 0 || randomizationFactor > 1) {
                throw new InvalidConfigException("randomization_factor", "must be within [0, 1], got " + randomizationFactor);
            }
            if (multiplier < 0) {
                throw new InvalidConfigException("multiplier", "must be non-negative, got " + multiplier);
            }
            if (!maxElapsedTime.isZero()) {
                if (maxElapsedTime.compareTo(initialInterval) < 0) {
                    throw new InvalidConfigException("max_elapsed_time", "must not be less than initial_interval");
                }
                if (maxElapsedTime.compareTo(maxInterval) < 0) {
                    throw new InvalidConfigException("max_elapsed_time", "must not be less than max_interval");
                }
            }
        }
    }

    public static RetryConfig defaults() {
        return new RetryConfig(null, null, null, null, null, null);
    }

    public static RetryConfig disabled() {
        return new RetryConfig(false, null, null, null, null, null);
    }

    private static void requireNonNegative(String key, Duration value) {
        if (value.isNegative()) {
            throw new InvalidConfigException(key, "must be non-negative");
        }
    }
}
