package io.spanvault.pipeline.server;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;

/**
 * The limits every listener enforces, with the collector's {@code confighttp} keys and defaults (Go's
 * {@code http.Server} meaning) where it has them:
 * <ul>
 * <li>{@code read_timeout} (default off): a whole request, head and body, must arrive within it;
 * <li>{@code read_header_timeout} (1m): a request head must arrive within it (slowloris); when zero,
 * {@code read_timeout} is used;
 * <li>{@code write_timeout} (30s): the response must be fully written within it of the request head;
 * <li>{@code idle_timeout} (1m): a keep-alive connection waits this long for its next request, and (beyond
 * Go) a request body that stops arriving is cut after it; when zero, {@code read_timeout} is used;
 * <li>{@code max_connections}: connections past it are closed as soon as accepted, while the others are
 * still served.
 * </ul>
 * A zero timeout turns it off. {@code max_request_body_size}: a larger body is answered 413 naming the key;
 * null leaves each server its own default.
 */
public record ServerLimits(Duration readTimeout, Duration readHeaderTimeout, Duration writeTimeout,
        Duration idleTimeout, Integer maxConnections, Long maxRequestBodySize) {
    /** The collector's {@code confighttp} defaults for the timeouts. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ZERO;
    public static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofMinutes(1);
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);
    /** Well under the usual 65,536 descriptors even with every listener full; raise it for a large gateway. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final ServerLimits DEFAULT = new ServerLimits(null, null, null);
    /** Bodies are held in one buffer, whose size is an int. */
    public static final long LARGEST_BODY = Integer.MAX_VALUE - 8;

    public ServerLimits {
        readTimeout = nonNegative("read_timeout", readTimeout, DEFAULT_READ_TIMEOUT);
        readHeaderTimeout = nonNegative("read_header_timeout", readHeaderTimeout, DEFAULT_READ_HEADER_TIMEOUT);
        writeTimeout = nonNegative("write_timeout", writeTimeout, DEFAULT_WRITE_TIMEOUT);
        idleTimeout = nonNegative("idle_timeout", idleTimeout, DEFAULT_IDLE_TIMEOUT);
        if (maxConnections == null) {
            maxConnections = DEFAULT_MAX_CONNECTIONS;
        }
        if (maxConnections <= 0) {
            throw new InvalidConfigException("max_connections", "must be at least 1, got " + maxConnections);
        }
        if (maxRequestBodySize != null && (maxRequestBodySize <= 0 || maxRequestBodySize > LARGEST_BODY)) {
            throw new InvalidConfigException("max_request_body_size",
                    "must be between 1 and " + LARGEST_BODY + " bytes, got " + maxRequestBodySize);
        }
    }

    /** The read and write timeouts at their defaults (a gRPC listener has neither), the server's body size limit. */
    public ServerLimits(Duration readHeaderTimeout, Duration idleTimeout, Integer maxConnections) {
        this(readHeaderTimeout, idleTimeout, maxConnections, null);
    }

    /** The read and write timeouts at their defaults. */
    public ServerLimits(Duration readHeaderTimeout, Duration idleTimeout, Integer maxConnections,
            Long maxRequestBodySize) {
        this(null, readHeaderTimeout, null, idleTimeout, maxConnections, maxRequestBodySize);
    }

    /** The body size limit, or {@code serverDefault} when the config sets none. */
    public int maxRequestBodyBytes(int serverDefault) {
        return maxRequestBodySize == null ? serverDefault : (int) (long) maxRequestBodySize;
    }

    /** How long a request head may take, as Go's server: {@code read_timeout} when the header timeout is 0. */
    Duration headTimeout() {
        return readHeaderTimeout.isZero() ? readTimeout : readHeaderTimeout;
    }

    /** How long a keep-alive connection waits for a request, as Go's server: {@code read_timeout} when 0. */
    Duration keepAliveTimeout() {
        return idleTimeout.isZero() ? readTimeout : idleTimeout;
    }

    private static Duration nonNegative(String key, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative()) {
            throw new InvalidConfigException(key, "must not be negative, got " + value);
        }
        return value;
    }
}
