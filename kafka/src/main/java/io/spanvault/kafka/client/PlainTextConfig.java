package io.spanvault.kafka.client;

/** {@code auth.plain_text} (deprecated in the Collector): SASL/PLAIN with this username and password. */
public record PlainTextConfig(String username, String password) {
}
