package io.spanvault.pipeline.consumer;

import java.time.Duration;
import java.util.Optional;

/**
 * The data was refused for now (back-pressure, a downstream outage); the same data may succeed later.
 * Receivers answer gRPC UNAVAILABLE / HTTP 503 with the retry delay, when one is known.
 */
public final class RetryableException extends ConsumerException {
    private final Duration retryAfter;

    public RetryableException(String message, Duration retryAfter) {
        this(message, retryAfter, null);
    }

    public RetryableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the sender should wait before retrying, if the refusing component knows. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
