package io.spanvault.pipeline.consumer;

import java.time.Duration;
import java.util.Optional;

/**
 * The data was refused for now; the same data may succeed later. Either throttling, "slow down" (the
 * memory_limiter, a full queue: the component works but has no room), which receivers answer gRPC
 * RESOURCE_EXHAUSTED / HTTP 429; or "I am down" (an outage, a component stopping), answered UNAVAILABLE / 503.
 * Both carry the retry delay (RetryInfo / Retry-After), as the OTLP spec asks.
 */
public final class RetryableException extends ConsumerException {
    private final Duration retryAfter;
    private final boolean throttling;

    /** "I am down": the sender may retry, after the delay when one is known. */
    public RetryableException(String message, Duration retryAfter) {
        this(message, retryAfter, null);
    }

    public RetryableException(String message, Duration retryAfter, Throwable cause) {
        this(message, retryAfter, cause, false);
    }

    private RetryableException(String message, Duration retryAfter, Throwable cause, boolean throttling) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.throttling = throttling;
    }

    /** "Slow down": no room now, the sender should retry after {@code retryAfter}. */
    public static RetryableException throttled(String message, Duration retryAfter) {
        return throttled(message, retryAfter, null);
    }

    public static RetryableException throttled(String message, Duration retryAfter, Throwable cause) {
        return new RetryableException(message, retryAfter, cause, true);
    }

    /** Whether this is back-pressure (429 / RESOURCE_EXHAUSTED) rather than an outage (503 / UNAVAILABLE). */
    public boolean throttling() {
        return throttling;
    }

    /** How long the sender should wait before retrying, if the refusing component knows. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
