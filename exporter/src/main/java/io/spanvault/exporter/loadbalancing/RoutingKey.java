package io.spanvault.exporter.loadbalancing;

import io.spanvault.pipeline.config.InvalidConfigException;

/** What decides a span's backend: its trace id (all spans of a trace together) or its service name. */
public enum RoutingKey {
    TRACE_ID("traceID"),
    SERVICE("service");

    private final String configValue;

    RoutingKey(String configValue) {
        this.configValue = configValue;
    }

    public String configValue() {
        return configValue;
    }

    static RoutingKey parse(String value) {
        for (RoutingKey key : values()) {
            if (key.configValue.equals(value)) {
                return key;
            }
        }
        throw new InvalidConfigException("routing_key", "'" + value + "' is not supported; use traceID or service");
    }
}
