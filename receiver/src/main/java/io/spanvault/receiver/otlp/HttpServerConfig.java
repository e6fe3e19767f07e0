package io.spanvault.receiver.otlp;

import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.tls.TlsServerConfig;
import java.time.Duration;

/**
 * The HTTP protocol: where it listens, the largest request body it takes in bytes (after decompression),
 * the shared {@code tls}, {@code cors} and {@code auth} settings, the path of each signal and the listener's {@link ServerLimits}. Defaults: {@code 127.0.0.1:4318},
 * 20 MiB as the collector, {@code /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}.
 */
public record HttpServerConfig(Endpoint endpoint, Long maxRequestBodySize, TlsServerConfig tls, CorsConfig cors,
        AuthConfig auth, String tracesUrlPath, String metricsUrlPath, String logsUrlPath, Duration readTimeout,
        Duration readHeaderTimeout, Duration writeTimeout, Duration idleTimeout, Integer maxConnections) {
    public static final Endpoint DEFAULT_ENDPOINT = new Endpoint("127.0.0.1", 4318);
    public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 20L << 20;
    /** Bodies are held in one buffer, whose size is an int. */
    private static final long LARGEST_BODY = Integer.MAX_VALUE - 8;

    public HttpServerConfig {
        if (endpoint == null) {
            endpoint = DEFAULT_ENDPOINT;
        }
        if (maxRequestBodySize == null) {
            maxRequestBodySize = DEFAULT_MAX_REQUEST_BODY_SIZE;
        }
        if (maxRequestBodySize <= 0 || maxRequestBodySize > LARGEST_BODY) {
            throw new InvalidConfigException("max_request_body_size",
                    "must be between 1 and " + LARGEST_BODY + " bytes, got " + maxRequestBodySize);
        }
        tracesUrlPath = urlPath("traces_url_path", tracesUrlPath, "/v1/traces");
        metricsUrlPath = urlPath("metrics_url_path", metricsUrlPath, "/v1/metrics");
        logsUrlPath = urlPath("logs_url_path", logsUrlPath, "/v1/logs");
        if (tracesUrlPath.equals(metricsUrlPath) || tracesUrlPath.equals(logsUrlPath)
                || metricsUrlPath.equals(logsUrlPath)) {
            throw new InvalidConfigException("traces_url_path", "the three signals need three different paths");
        }
        ServerLimits limits = new ServerLimits(readTimeout, readHeaderTimeout, writeTimeout, idleTimeout,
                maxConnections, null);
        readTimeout = limits.readTimeout();
        readHeaderTimeout = limits.readHeaderTimeout();
        writeTimeout = limits.writeTimeout();
        idleTimeout = limits.idleTimeout();
        maxConnections = limits.maxConnections();
    }

    /** With the default listener limits. */
    public HttpServerConfig(Endpoint endpoint, Long maxRequestBodySize, TlsServerConfig tls, CorsConfig cors,
            String tracesUrlPath, String metricsUrlPath, String logsUrlPath) {
        this(endpoint, maxRequestBodySize, tls, cors, null, tracesUrlPath, metricsUrlPath, logsUrlPath, null, null,
                null, null, null);
    }

    public ServerLimits limits() {
        return new ServerLimits(readTimeout, readHeaderTimeout, writeTimeout, idleTimeout, maxConnections, null);
    }

    /** As the collector, a path without its leading slash gets one. */
    private static String urlPath(String key, String path, String fallback) {
        if (path == null) {
            return fallback;
        }
        String p = path.trim();
        if (p.isEmpty() || p.contains("?") || p.contains("#") || p.contains(" ")) {
            throw new InvalidConfigException(key, "'" + path + "' is not a URL path");
        }
        return p.startsWith("/") ? p : "/" + p;
    }
}
