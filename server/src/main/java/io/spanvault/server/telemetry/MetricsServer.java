package io.spanvault.server.telemetry;

import io.spanvault.config.MetricsLevel;
import io.spanvault.config.MetricsTelemetry;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.server.PlainHttpServer;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.server.ServerSecurity;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the service's {@link Telemetry} at {@code /metrics} in the Prometheus text format. */
public final class MetricsServer implements AutoCloseable {
    private final PlainHttpServer http;

    private MetricsServer(PlainHttpServer http) {
        this.http = http;
    }

    /**
     * Serves {@code telemetry} as {@code service.telemetry.metrics} says: nothing when its level is {@code none},
     * and only a warning when the address is taken.
     */
    public static Optional<MetricsServer> start(MetricsTelemetry settings, Telemetry telemetry, Host host)
            throws InterruptedException {
        if (settings.level() == MetricsLevel.NONE) {
            return Optional.empty();
        }
        Logger log = LoggerFactory.getLogger(MetricsServer.class);
        try {
            MetricsServer server = start(settings.address(), telemetry, settings.limits(),
                    ServerSecurity.resolve("metrics", host, settings.tls(), settings.cors(), settings.auth()));
            log.info("Self-metrics at {}://{}/metrics", settings.tls() == null ? "http" : "https", server.address());
            return Optional.of(server);
        } catch (IllegalStateException e) {
            // Two collectors on one host both default to :8888; losing self-metrics beats losing the data path.
            log.warn("Running without self-metrics: {}. Set service.telemetry.metrics.address to a free address, "
                    + "or level: none.", e.getMessage());
            return Optional.empty();
        }
    }

    /** Registers the process metrics on {@code telemetry} and starts serving it on {@code address}. */
    public static MetricsServer start(Endpoint address, Telemetry telemetry) throws InterruptedException {
        return start(address, telemetry, ServerLimits.DEFAULT, ServerSecurity.NONE);
    }

    /** As {@link #start(Endpoint, Telemetry)}, with the endpoint's limits, TLS, CORS and authentication. */
    public static MetricsServer start(Endpoint address, Telemetry telemetry, ServerLimits limits,
            ServerSecurity security) throws InterruptedException {
        ProcessMetrics.register(telemetry);
        return new MetricsServer(PlainHttpServer.start("metrics", address, limits, security,
                Map.of("/metrics",
                request -> new PlainHttpServer.Response(200, PrometheusExposition.CONTENT_TYPE,
                        PrometheusExposition.write(telemetry)))));
    }

    public Endpoint address() {
        return http.endpoint();
    }

    @Override
    public void close() {
        http.close();
    }
}
