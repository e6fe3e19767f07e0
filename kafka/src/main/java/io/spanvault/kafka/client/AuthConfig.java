package io.spanvault.kafka.client;

import io.spanvault.pipeline.config.InvalidConfigException;

/** {@code auth}: SASL ({@code sasl}, or the Collector's older {@code plain_text}). Absent: no authentication. */
public record AuthConfig(SaslConfig sasl, PlainTextConfig plainText) {

    public AuthConfig {
        if (sasl != null && plainText != null) {
            throw new InvalidConfigException("plain_text", "set either sasl or plain_text, not both");
        }
        if (plainText != null) {
            try {
                sasl = new SaslConfig(plainText.username(), plainText.password(), "PLAIN", 0);
            } catch (InvalidConfigException e) {
                throw e.under("plain_text");
            }
        }
    }

    public static AuthConfig none() {
        return new AuthConfig(null, null);
    }
}
