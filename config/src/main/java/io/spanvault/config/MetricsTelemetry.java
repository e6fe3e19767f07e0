package io.spanvault.config;

import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.tls.TlsServerConfig;

/**
 * {@code service.telemetry.metrics}: where the Prometheus self-metrics endpoint listens and how much it
 * reports ({@code none} turns it off), and the shared server settings {@code tls}, {@code cors} and
 * {@code auth} of that endpoint.
 */
public record MetricsTelemetry(Endpoint address, MetricsLevel level, TlsServerConfig tls, CorsConfig cors,
        AuthConfig auth) {
    public static final Endpoint DEFAULT_ADDRESS = new Endpoint("127.0.0.1", 8888);

    public MetricsTelemetry {
        address = address == null ? DEFAULT_ADDRESS : address;
        level = level == null ? MetricsLevel.NORMAL : level;
    }

    /** Plain HTTP without CORS or authentication. */
    public MetricsTelemetry(Endpoint address, MetricsLevel level) {
        this(address, level, null, null, null);
    }
}
