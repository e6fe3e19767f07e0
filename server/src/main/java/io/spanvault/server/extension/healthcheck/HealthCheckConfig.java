package io.spanvault.server.extension.healthcheck;

import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.tls.TlsServerConfig;
import java.time.Duration;

/**
 * The {@code health_check} extension's config, as the collector's: where to listen and the path that
 * answers.
 *
 * @param endpoint defaults to {@code 127.0.0.1:13133}
 * @param path     defaults to {@code /}; must start with {@code /}
 * @param tls      the shared server {@code tls} settings; null serves plain HTTP
 * @param cors     the shared {@code cors} settings; null for none
 * @param auth     the shared {@code auth} setting; null lets every probe in
 * @param readTimeout       the listener's {@link ServerLimits}, as every server's
 * @param readHeaderTimeout the listener's {@link ServerLimits}
 * @param writeTimeout      the listener's {@link ServerLimits}
 * @param idleTimeout       the listener's {@link ServerLimits}
 * @param maxConnections    the listener's {@link ServerLimits}
 * @param maxRequestBodySize the listener's {@link ServerLimits}; a probe sends none (8 KiB)
 */
public record HealthCheckConfig(Endpoint endpoint, String path, TlsServerConfig tls, CorsConfig cors, AuthConfig auth,
        Duration readTimeout, Duration readHeaderTimeout, Duration writeTimeout, Duration idleTimeout,
        Integer maxConnections, Long maxRequestBodySize) {
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
        ServerLimits limits = new ServerLimits(readTimeout, readHeaderTimeout, writeTimeout, idleTimeout,
                maxConnections, maxRequestBodySize);
        readTimeout = limits.readTimeout();
        readHeaderTimeout = limits.readHeaderTimeout();
        writeTimeout = limits.writeTimeout();
        idleTimeout = limits.idleTimeout();
        maxConnections = limits.maxConnections();
    }

    /** With the default listener limits. */
    public HealthCheckConfig(Endpoint endpoint, String path) {
        this(endpoint, path, null, null, null, null, null, null, null, null, null);
    }

    public ServerLimits limits() {
        return new ServerLimits(readTimeout, readHeaderTimeout, writeTimeout, idleTimeout, maxConnections,
                maxRequestBodySize);
    }
}
