package io.spanvault.config;

import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.tls.TlsServerConfig;
import java.util.List;

/**
 * {@code service.telemetry.metrics}: where the Prometheus self-metrics endpoint listens and whether it runs
 * ({@code none} turns it off), and the shared server settings {@code tls}, {@code cors} and {@code auth} of
 * that endpoint. The address is {@code address} (the Collector's older key) or, as newer Collector configs
 * say it, one {@code readers} entry with a {@code pull} {@code prometheus} exporter. {@code max_request_body_size}
 * bounds what a scrape may send (8 KiB: a scrape sends none).
 */
public record MetricsTelemetry(Endpoint address, MetricsLevel level, List<MetricReader> readers,
        TlsServerConfig tls, CorsConfig cors, AuthConfig auth, Long maxRequestBodySize) {
    public static final Endpoint DEFAULT_ADDRESS = new Endpoint("127.0.0.1", 8888);

    public MetricsTelemetry {
        level = level == null ? MetricsLevel.NORMAL : level;
        if (level == MetricsLevel.BASIC || level == MetricsLevel.DETAILED) {
            // every self-metric is reported at one level; pretending to honour another would mislead dashboards
            throw new InvalidConfigException("level", "'" + level.name().toLowerCase(java.util.Locale.ROOT)
                    + "' is not supported: Spanvault reports one set of self-metrics; use normal (the default) or none");
        }
        readers = readers == null ? List.of() : List.copyOf(readers);
        if (readers.size() > 1) {
            throw new InvalidConfigException("readers", "only one reader is supported (one Prometheus endpoint), got "
                    + readers.size());
        }
        if (!readers.isEmpty()) {
            if (address != null) {
                throw new InvalidConfigException("readers", "set either address or readers, not both");
            }
            address = readers.get(0).endpoint();
        }
        address = address == null ? DEFAULT_ADDRESS : address;
        new ServerLimits(null, null, null, maxRequestBodySize);
    }

    /** The endpoint's listener limits: the body size limit, the shared timeouts' defaults. */
    public ServerLimits limits() {
        return new ServerLimits(null, null, null, maxRequestBodySize);
    }

    /** Plain HTTP without CORS or authentication. */
    public MetricsTelemetry(Endpoint address, MetricsLevel level) {
        this(address, level, null, null, null, null, null);
    }
}
