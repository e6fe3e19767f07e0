package io.spanvault.pipeline.auth;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * A server's or client's {@code auth} section, as the collector's {@code configauth}: {@code authenticator}
 * names an extension (e.g. {@code bearertokenauth/ingest}) that is also listed under
 * {@code service.extensions}.
 */
public record AuthConfig(String authenticator) {
    public AuthConfig {
        if (authenticator == null || authenticator.isBlank()) {
            throw new InvalidConfigException("authenticator", "is required when auth is set");
        }
        try {
            ComponentId.parse(authenticator);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("authenticator", e.getMessage());
        }
    }

    public ComponentId id() {
        return ComponentId.parse(authenticator);
    }
}
