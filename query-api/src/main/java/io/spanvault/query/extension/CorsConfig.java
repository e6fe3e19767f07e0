package io.spanvault.query.extension;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import java.util.Objects;

/**
 * Cross-origin access, as the collector's {@code cors} settings.
 *
 * @param allowedOrigins origins that may call the API: exact, with {@code *} wildcards, or {@code *} for any
 * @param allowedHeaders request headers allowed beyond the CORS-safelisted ones ({@code *} for any)
 */
public record CorsConfig(List<String> allowedOrigins, List<String> allowedHeaders) {
    public CorsConfig {
        allowedOrigins = List.copyOf(Objects.requireNonNullElse(allowedOrigins, List.of()));
        allowedHeaders = List.copyOf(Objects.requireNonNullElse(allowedHeaders, List.of()));
        for (String origin : allowedOrigins) {
            if (origin.isBlank()) {
                throw new InvalidConfigException("cors.allowed_origins", "an origin must not be empty");
            }
        }
    }
}
