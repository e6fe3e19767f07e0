package io.spanvault.receiver.otlp;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;

/**
 * Cross-origin access for browser SDKs, as the collector's {@code cors} section: origins may hold one
 * {@code *} wildcard ({@code https://*.example.com}, or {@code *} for any); {@code max_age} in seconds.
 */
public record CorsConfig(List<String> allowedOrigins, List<String> allowedHeaders, Integer maxAge) {
    public CorsConfig {
        allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
        allowedHeaders = allowedHeaders == null ? List.of() : List.copyOf(allowedHeaders);
        if (maxAge == null) {
            maxAge = 0;
        }
        if (maxAge < 0) {
            throw new InvalidConfigException("max_age", "must not be negative, got " + maxAge);
        }
        for (String origin : allowedOrigins) {
            if (origin.indexOf('*') != origin.lastIndexOf('*')) {
                throw new InvalidConfigException("allowed_origins", "'" + origin + "' has more than one '*'");
            }
        }
    }
}
