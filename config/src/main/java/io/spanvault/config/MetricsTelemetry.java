package io.spanvault.config;

import io.spanvault.pipeline.config.Endpoint;

/**
 * {@code service.telemetry.metrics}: where the Prometheus self-metrics endpoint listens and how much it
 * reports ({@code none} turns it off).
 */
public record MetricsTelemetry(Endpoint address, MetricsLevel level) {
    public static final Endpoint DEFAULT_ADDRESS = new Endpoint("127.0.0.1", 8888);

    public MetricsTelemetry {
        address = address == null ? DEFAULT_ADDRESS : address;
        level = level == null ? MetricsLevel.NORMAL : level;
    }
}
