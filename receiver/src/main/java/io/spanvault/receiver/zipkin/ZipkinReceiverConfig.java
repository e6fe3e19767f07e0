package io.spanvault.receiver.zipkin;

import io.spanvault.pipeline.admission.AdmissionConfig;
import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.tls.TlsServerConfig;
import java.time.Duration;

/**
 * Config of the {@code zipkin} receiver, shaped as the Collector's {@code zipkinreceiver} (its HTTP server
 * settings inline): {@code endpoint} (default {@code 127.0.0.1:9411}), {@code parse_string_tags} (default
 * false: tags stay strings), {@code max_request_body_size} (20 MiB), {@code tls}, {@code cors}, {@code auth} (the shared server settings), the listener's
 * {@code read_timeout}, {@code read_header_timeout}, {@code write_timeout}, {@code idle_timeout},
 * {@code max_connections} ({@link ServerLimits}) and
 * {@code admission}, as the {@code otlp} receiver's.
 */
public record ZipkinReceiverConfig(Endpoint endpoint, Boolean parseStringTags, Long maxRequestBodySize,
        TlsServerConfig tls, CorsConfig cors, AuthConfig auth, Duration readTimeout, Duration readHeaderTimeout,
        Duration writeTimeout, Duration idleTimeout, Integer maxConnections, AdmissionConfig admission) {
    public static final Endpoint DEFAULT_ENDPOINT = new Endpoint("127.0.0.1", 9411);
    private static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 20L << 20;
    private static final long LARGEST_BODY = Integer.MAX_VALUE - 8;

    public ZipkinReceiverConfig {
        if (endpoint == null) {
            endpoint = DEFAULT_ENDPOINT;
        }
        if (parseStringTags == null) {
            parseStringTags = false;
        }
        if (maxRequestBodySize == null) {
            maxRequestBodySize = DEFAULT_MAX_REQUEST_BODY_SIZE;
        }
        if (maxRequestBodySize <= 0 || maxRequestBodySize > LARGEST_BODY) {
            throw new InvalidConfigException("max_request_body_size",
                    "must be between 1 and " + LARGEST_BODY + " bytes, got " + maxRequestBodySize);
        }
        ServerLimits limits = new ServerLimits(readTimeout, readHeaderTimeout, writeTimeout, idleTimeout,
                maxConnections, null);
        readTimeout = limits.readTimeout();
        readHeaderTimeout = limits.readHeaderTimeout();
        writeTimeout = limits.writeTimeout();
        idleTimeout = limits.idleTimeout();
        maxConnections = limits.maxConnections();
        if (admission == null) {
            admission = AdmissionConfig.defaults();
        }
    }

    /** The defaults for everything but where it listens and how tags are read. */
    public ZipkinReceiverConfig(Endpoint endpoint, Boolean parseStringTags) {
        this(endpoint, parseStringTags, null, null, null, null, null, null, null, null, null, null);
    }

    public ServerLimits limits() {
        return new ServerLimits(readTimeout, readHeaderTimeout, writeTimeout, idleTimeout, maxConnections, null);
    }
}
