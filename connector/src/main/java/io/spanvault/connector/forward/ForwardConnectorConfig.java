package io.spanvault.connector.forward;

/** The {@code forward} connector has no settings, as in the Collector. */
public record ForwardConnectorConfig() {
}
