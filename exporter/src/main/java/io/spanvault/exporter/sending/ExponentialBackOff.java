package io.spanvault.exporter.sending;

import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The waits between attempts of one request: each wait is the current interval randomized by
 * ±{@code randomization_factor}; the interval grows by {@code multiplier} up to {@code max_interval}. No
 * more waits once the elapsed time plus the next wait would pass {@code max_elapsed_time}.
 */
final class ExponentialBackOff {
    private final RetryConfig config;
    private final LongSupplier nanoClock;
    private final DoubleSupplier random;
    private final long startNanos;
    private double intervalNanos;

    ExponentialBackOff(RetryConfig config, LongSupplier nanoClock, DoubleSupplier random) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.random = random;
        this.startNanos = nanoClock.getAsLong();
        this.intervalNanos = config.initialInterval().toNanos();
    }

    /**
     * The wait before the next attempt, at least {@code floor} (a server's Retry-After), or empty when the
     * request has used up its time.
     */
    Optional<Duration> next(Duration floor) {
        double delta = config.randomizationFactor() * intervalNanos;
        long wait = (long) (intervalNanos - delta + random.getAsDouble() * (2 * delta));
        intervalNanos = Math.min(intervalNanos * config.multiplier(), (double) config.maxInterval().toNanos());
        if (floor != null && floor.toNanos() > wait) {
            wait = floor.toNanos();
        }
        long maxElapsed = config.maxElapsedTime().toNanos();
        if (maxElapsed > 0 && nanoClock.getAsLong() - startNanos + wait > maxElapsed) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(wait));
    }
}
