package io.spanvault.server;

import io.spanvault.config.ServiceConfig;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.graph.ComponentStartException;
import io.spanvault.pipeline.graph.ServiceGraph;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.server.telemetry.MetricsServer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running service: its self-telemetry and its component graph, built from a loaded config. This is
 * where service-wide parts that are not pipeline components (e.g. the self-metrics endpoint, which reads
 * {@link #telemetry()} and {@code config().telemetry()}) are started and stopped.
 */
final class SpanvaultService {
    private final ServiceConfig config;
    private final Telemetry telemetry;
    private final ServiceGraph graph;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean stopping;
    private Optional<MetricsServer> metrics = Optional.empty();

    private SpanvaultService(ServiceConfig config, Telemetry telemetry, ServiceGraph graph) {
        this.config = config;
        this.telemetry = telemetry;
        this.graph = graph;
    }

    /** Creates every component of the config (nothing runs yet). */
    static SpanvaultService create(ServiceConfig config, ComponentRegistry registry) {
        Telemetry telemetry = new Telemetry();
        return new SpanvaultService(config, telemetry, ServiceGraph.build(config.spec(), registry, telemetry));
    }

    ServiceConfig config() {
        return config;
    }

    Telemetry telemetry() {
        return telemetry;
    }

    ServiceGraph graph() {
        return graph;
    }

    /** Starts every component; on failure, what was started is stopped again and the error thrown. */
    void start() throws Exception {
        graph.prepare();
        try {
            // the graph is the host: its authenticator extensions exist (created) before anything starts
            metrics = MetricsServer.start(config.telemetry().metrics(), telemetry, graph);
        } catch (RuntimeException e) {
            throw new ComponentStartException("the self-metrics server (service.telemetry.metrics)", e);
        }
        try {
            graph.start();
        } catch (Exception e) {
            metrics.ifPresent(MetricsServer::close);
            throw e;
        }
        Logger log = LoggerFactory.getLogger(SpanvaultService.class);
        if (!config.spec().extensions().isEmpty()) {
            log.info("extensions {}", config.spec().extensions());
        }
        config.spec().pipelines().forEach((id, pipeline) -> log.info("pipeline {}: receivers {} -> processors {} -> exporters {}",
                id, pipeline.receivers(), pipeline.processors(), pipeline.exporters()));
    }

    /**
     * Stops receivers, then drains processors and exporters and closes extensions, all within
     * {@code timeout}; false if that was not enough. A second call only waits for the first.
     */
    boolean stop(Duration timeout) {
        synchronized (this) {
            if (stopping) {
                return awaitStopped(timeout);
            }
            stopping = true;
        }
        Logger log = LoggerFactory.getLogger(SpanvaultService.class);
        log.info("Shutting down: stopping receivers, draining processors and exporters (at most {})", timeout);
        boolean clean = graph.shutdown(timeout);
        metrics.ifPresent(MetricsServer::close);
        log.info(clean ? "Shutdown complete." : "Shutdown timed out; data still in flight may be lost.");
        stopped.countDown();
        return clean;
    }

    /** Waits until {@link #stop} finished; true if it did within {@code timeout}. */
    boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Blocks until {@link #stop} finished. */
    void awaitStopped() throws InterruptedException {
        stopped.await();
    }
}
