package io.spanvault.kafka.client;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.Locale;

/**
 * {@code auth.sasl}: {@code mechanism} {@code PLAIN}, {@code SCRAM-SHA-256} or {@code SCRAM-SHA-512} with
 * {@code username} and {@code password}, as the Collector's configkafka. The Collector's AWS MSK, OIDC and
 * Kerberos mechanisms are not offered.
 */
public record SaslConfig(String username, String password, String mechanism, Integer version) {

    public SaslConfig {
        mechanism = mechanism == null ? "" : mechanism.trim().toUpperCase(Locale.ROOT);
        version = version == null ? 0 : version;
        switch (mechanism) {
            case "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512" -> {
            }
            default -> throw new InvalidConfigException("mechanism", "'" + mechanism
                    + "' is not supported; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512");
        }
        if (username == null || username.isEmpty()) {
            throw new InvalidConfigException("username", "is required");
        }
        if (password == null || password.isEmpty()) {
            throw new InvalidConfigException("password", "is required");
        }
        if (version < 0 || version > 1) {
            throw new InvalidConfigException("version", "has to be 0 or 1, got " + version);
        }
    }

    /** The JAAS line the Java client takes for this mechanism. */
    String jaasConfig() {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + escape(username) + "\" password=\"" + escape(password) + "\";";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
