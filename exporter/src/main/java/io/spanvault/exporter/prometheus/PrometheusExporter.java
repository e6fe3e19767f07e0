package io.spanvault.exporter.prometheus;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.spanvault.exporter.sending.SendingMetrics;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.prometheus.ExpositionWriter;
import io.spanvault.pipeline.server.PlainHttpServer;
import io.spanvault.pipeline.signal.Signal;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest value of every metric it is sent and serves them at {@code /metrics} for Prometheus to
 * scrape, in the text format or, when the scraper asks for it, OpenMetrics.
 */
final class PrometheusExporter implements Exporter<ExportMetricsServiceRequest> {
    private final PrometheusExporterConfig config;
    private final MetricStore store;
    private final SendingMetrics metrics;
    private final String name;
    private PlainHttpServer server;

    PrometheusExporter(PrometheusExporterConfig config, SendingMetrics metrics, String name) {
        this.config = config;
        this.store = new MetricStore(config, System::nanoTime);
        this.metrics = metrics;
        this.name = name;
    }

    @Override
    public void start(Host host) throws InterruptedException {
        server = PlainHttpServer.start("prometheus", config.endpoint(), Map.of("/metrics", request -> {
            boolean openMetrics = config.enableOpenMetrics() && ExpositionWriter.wantsOpenMetrics(request.accept());
            return new PlainHttpServer.Response(200,
                    openMetrics ? ExpositionWriter.OPENMETRICS_CONTENT_TYPE : ExpositionWriter.TEXT_CONTENT_TYPE,
                    ScrapeWriter.write(store.snapshot(), openMetrics));
        }));
        LoggerFactory.getLogger(PrometheusExporter.class).info("exporter {}: Prometheus scrape endpoint at http://{}/metrics",
                name, server.endpoint());
    }

    /** Where the scrape endpoint listens, with the real port when 0 was configured. */
    Endpoint endpoint() {
        return server.endpoint();
    }

    @Override
    public CompletionStage<Void> consume(ExportMetricsServiceRequest request) {
        store.accept(request);
        metrics.sent(Signal.METRICS.itemCount(request));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
