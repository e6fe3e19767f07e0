package io.spanvault.server.extension.healthcheck;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * The {@code health_check} extension's config, as the collector's: where to listen and the path that
 * answers.
 *
 * @param endpoint defaults to {@code 127.0.0.1:13133}
 * @param path     defaults to {@code /}; must start with {@code /}
 */
public record HealthCheckConfig(Endpoint endpoint, String path) {
    public static final Endpoint DEFAULT_ENDPOINT = new Endpoint("127.0.0.1", 13133);

    public HealthCheckConfig {
        if (endpoint == null) {
            endpoint = DEFAULT_ENDPOINT;
        }
        if (path == null) {
            path = "/";
        }
        if (!path.startsWith("/")) {
            throw new InvalidConfigException("path", "'" + path + "' must start with '/'");
        }
    }
}
