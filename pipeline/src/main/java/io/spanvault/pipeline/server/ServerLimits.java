package io.spanvault.pipeline.server;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;

/**
 * The limits every listener enforces, with the collector's {@code confighttp} keys where it has them:
 * {@code read_header_timeout} (a new connection must send a complete request head within it; slowloris),
 * {@code idle_timeout} (a connection with no request in progress, or a request body that stops arriving, is
 * closed after it), and {@code max_connections} (connections past it are closed as soon as accepted, while
 * the others are still served). A zero timeout turns that timeout off. {@code max_request_body_size}: a larger
 * body is answered 413 naming the key; null leaves each server its own default.
 */
public record ServerLimits(Duration readHeaderTimeout, Duration idleTimeout, Integer maxConnections,
        Long maxRequestBodySize) {
    /** The collector's {@code confighttp} defaults for the two timeouts. */
    public static final Duration DEFAULT_READ_HEADER_TIMEOUT = Duration.ofMinutes(1);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(1);
    /** Well under the usual 65,536 descriptors even with every listener full; raise it for a large gateway. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4096;
    public static final ServerLimits DEFAULT = new ServerLimits(null, null, null);
    /** Bodies are held in one buffer, whose size is an int. */
    public static final long LARGEST_BODY = Integer.MAX_VALUE - 8;

    public ServerLimits {
        readHeaderTimeout = nonNegative("read_header_timeout", readHeaderTimeout, DEFAULT_READ_HEADER_TIMEOUT);
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

    /** With the server's own body size limit. */
    public ServerLimits(Duration readHeaderTimeout, Duration idleTimeout, Integer maxConnections) {
        this(readHeaderTimeout, idleTimeout, maxConnections, null);
    }

    /** The body size limit, or {@code serverDefault} when the config sets none. */
    public int maxRequestBodyBytes(int serverDefault) {
        return maxRequestBodySize == null ? serverDefault : (int) (long) maxRequestBodySize;
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
