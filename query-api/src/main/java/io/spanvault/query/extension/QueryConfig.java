package io.spanvault.query.extension;

import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.tls.TlsServerConfig;
import io.spanvault.query.http.SearchLimits;
import io.spanvault.storage.TraceQuery;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code query} extension's config.
 *
 * @param endpoint where the API and UI listen ({@code 127.0.0.1:16686})
 * @param storage  the storage backend to read: a backend of the {@code storage} extension, or the id of a
 *                 {@code store} exporter written in the shorthand form, which owns its backend ({@code store})
 * @param basePath a prefix for every route, e.g. {@code /jaeger}; empty for none
 * @param ui       the UI bundle to serve; null serves a page describing the API at {@code /}
 * @param cors     which browser origins may call the API; null for none (the shared {@code cors} settings)
 * @param tls      the shared server {@code tls} settings; null serves plain HTTP
 * @param auth     the shared {@code auth} setting: the authenticator extension the API and UI require
 * @param allowedHosts the {@code Host} names answered (port-less; {@code *} for any); null: only loopback names
 *                 when listening on a loopback address, any otherwise (against DNS rebinding)
 * @param maxLimit the largest {@code limit} (or api_v3 {@code search_depth}) a search may ask for (1500;
 *                 at least the default limit, 100); larger is a 400 naming this key
 * @param maxResponseSize bytes of JSON after which a search response takes no further trace (64 MiB)
 * @param metrics  bounds on the service-health metrics computed from stored spans
 * @param readTimeout       the listener's {@link ServerLimits}, as every server's
 * @param readHeaderTimeout the listener's {@link ServerLimits}
 * @param writeTimeout      the listener's {@link ServerLimits}
 * @param idleTimeout       the listener's {@link ServerLimits}
 * @param maxConnections    the listener's {@link ServerLimits}
 * @param maxRequestBodySize the listener's {@link ServerLimits}: the largest trace file a UI upload
 *                 ({@code POST /api/transform}) may send (16 MiB); larger is a 413
 */
public record QueryConfig(Endpoint endpoint, String storage, String basePath, UiConfig ui, CorsConfig cors,
        TlsServerConfig tls, AuthConfig auth, List<String> allowedHosts, Integer maxLimit, Long maxResponseSize,
        MetricsConfig metrics, Duration readTimeout, Duration readHeaderTimeout, Duration writeTimeout,
        Duration idleTimeout, Integer maxConnections, Long maxRequestBodySize) {
    public static final Endpoint DEFAULT_ENDPOINT = new Endpoint("127.0.0.1", 16686);
    public static final String DEFAULT_STORAGE = "store";

    public QueryConfig {
        if (endpoint == null) {
            endpoint = DEFAULT_ENDPOINT;
        }
        if (storage == null) {
            storage = DEFAULT_STORAGE;
        }
        try {
            ComponentId.parse(storage);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("storage", e.getMessage());
        }
        basePath = normalizeBasePath(basePath);
        maxLimit = Objects.requireNonNullElse(maxLimit, SearchLimits.DEFAULT_MAX_LIMIT);
        maxResponseSize = Objects.requireNonNullElse(maxResponseSize, SearchLimits.DEFAULT_MAX_RESPONSE_SIZE);
        metrics = Objects.requireNonNullElse(metrics, MetricsConfig.defaults());
        if (maxLimit < TraceQuery.DEFAULT_LIMIT) {
            throw new InvalidConfigException("max_limit", "must be at least the default limit, "
                    + TraceQuery.DEFAULT_LIMIT + ", got " + maxLimit);
        }
        if (allowedHosts != null) {
            allowedHosts = List.copyOf(allowedHosts);
            for (String host : allowedHosts) {
                if (host == null || host.isBlank() || host.contains("/")) {
                    throw new InvalidConfigException("allowed_hosts", "'" + host + "' is not a host name");
                }
            }
        }
        if (maxResponseSize <= 0) {
            throw new InvalidConfigException("max_response_size", "must be positive, got " + maxResponseSize);
        }
        ServerLimits limits = new ServerLimits(readTimeout, readHeaderTimeout, writeTimeout, idleTimeout,
                maxConnections, maxRequestBodySize);
        readTimeout = limits.readTimeout();
        readHeaderTimeout = limits.readHeaderTimeout();
        writeTimeout = limits.writeTimeout();
        idleTimeout = limits.idleTimeout();
        maxConnections = limits.maxConnections();
    }

    /** The config of every default but these. */
    public static QueryConfig of(Endpoint endpoint, String storage, String basePath, UiConfig ui, CorsConfig cors) {
        return new QueryConfig(endpoint, storage, basePath, ui, cors, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    public SearchLimits searchLimits() {
        return new SearchLimits(maxLimit, maxResponseSize);
    }

    public ServerLimits limits() {
        return new ServerLimits(readTimeout, readHeaderTimeout, writeTimeout, idleTimeout, maxConnections,
                maxRequestBodySize);
    }

    private static String normalizeBasePath(String basePath) {
        if (basePath == null || basePath.isEmpty() || basePath.equals("/")) {
            return "";
        }
        if (!basePath.startsWith("/")) {
            throw new InvalidConfigException("base_path", "'" + basePath + "' must start with '/'");
        }
        if (basePath.contains("?") || basePath.contains("#") || basePath.contains("//")) {
            throw new InvalidConfigException("base_path", "'" + basePath + "' must be a plain URL path");
        }
        return basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }
}
