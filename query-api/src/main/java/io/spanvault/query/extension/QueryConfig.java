package io.spanvault.query.extension;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.server.ServerLimits;
import java.time.Duration;

/**
 * The {@code query} extension's config.
 *
 * @param endpoint where the API and UI listen ({@code 127.0.0.1:16686})
 * @param storage  the id of the exporter that owns the store to read ({@code store})
 * @param basePath a prefix for every route, e.g. {@code /jaeger}; empty for none
 * @param ui       the UI bundle to serve; null serves a page describing the API at {@code /}
 * @param cors     which browser origins may call the API; null for none
 * @param readHeaderTimeout the listener's {@link ServerLimits}, as every server's
 * @param idleTimeout       the listener's {@link ServerLimits}
 * @param maxConnections    the listener's {@link ServerLimits}
 */
public record QueryConfig(Endpoint endpoint, String storage, String basePath, UiConfig ui, CorsConfig cors,
        Duration readHeaderTimeout, Duration idleTimeout, Integer maxConnections) {
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
        ServerLimits limits = new ServerLimits(readHeaderTimeout, idleTimeout, maxConnections);
        readHeaderTimeout = limits.readHeaderTimeout();
        idleTimeout = limits.idleTimeout();
        maxConnections = limits.maxConnections();
    }

    /** With the default listener limits. */
    public QueryConfig(Endpoint endpoint, String storage, String basePath, UiConfig ui, CorsConfig cors) {
        this(endpoint, storage, basePath, ui, cors, null, null, null);
    }

    public ServerLimits limits() {
        return new ServerLimits(readHeaderTimeout, idleTimeout, maxConnections);
    }

    /** The exporter id of {@link #storage()}. */
    public ComponentId storageId() {
        return ComponentId.parse(storage);
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
