package io.spanvault.pipeline.cors;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;

/**
 * A server's {@code cors} section, as the collector's {@code confighttp.CORSConfig}: {@code allowed_origins}
 * (exact, with one {@code *} wildcard such as {@code https://*.example.com}, or {@code *} for any; compared
 * case-insensitively), {@code allowed_headers} beyond the always-allowed ones ({@code *} for any), and
 * {@code max_age}, the seconds a browser may cache a preflight answer (0, the default, sends none).
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
            if (origin == null || origin.isBlank()) {
                throw new InvalidConfigException("allowed_origins", "an origin must not be empty");
            }
            if (origin.indexOf('*') != origin.lastIndexOf('*')) {
                throw new InvalidConfigException("allowed_origins", "'" + origin + "' has more than one '*'");
            }
        }
    }

    /** No origin allowed: CORS off. */
    public static CorsConfig none() {
        return new CorsConfig(null, null, null);
    }
}
