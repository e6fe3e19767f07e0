package io.spanvault.server.telemetry;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.Map;

/** Serves the service's {@link Telemetry} at {@code /metrics} in the Prometheus text format. */
public final class MetricsServer implements AutoCloseable {
    private final PlainHttpServer http;

    private MetricsServer(PlainHttpServer http) {
        this.http = http;
    }

    /** Registers the process metrics on {@code telemetry} and starts serving it on {@code address}. */
    public static MetricsServer start(Endpoint address, Telemetry telemetry) throws InterruptedException {
        ProcessMetrics.register(telemetry);
        return new MetricsServer(PlainHttpServer.start("metrics", address, Map.of("/metrics",
                () -> new PlainHttpServer.Response(200, PrometheusExposition.CONTENT_TYPE,
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
