package io.spanvault.query.extension;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * The {@code query} extension's config.
 *
 * @param endpoint where the API and UI listen ({@code 127.0.0.1:16686})
 * @param storage  the id of the exporter that owns the store to read ({@code store})
 * @param basePath a prefix for every route, e.g. {@code /jaeger}; empty for none
 * @param ui       the UI bundle to serve; null serves a page describing the API at {@code /}
 * @param cors     which browser origins may call the API; null for none
 */
public record QueryConfig(Endpoint endpoint, String storage, String basePath, UiConfig ui, CorsConfig cors) {
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
