package io.spanvault.exporter.loadbalancing;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Histogram;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.concurrent.atomic.AtomicInteger;

/** The collector's {@code otelcol_loadbalancer_*} self-metrics. */
final class LoadBalancerMetrics {
    private static final double[] LATENCY_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000};

    private final Telemetry telemetry;
    private final Labels exporter;
    private final Counter resolvedOk;
    private final Counter resolvedFailed;
    private final Counter backendUpdates;
    private final AtomicInteger backends = new AtomicInteger();

    LoadBalancerMetrics(ComponentContext context, String resolver) {
        this.telemetry = context.telemetry();
        this.exporter = Labels.of("exporter", context.id().toString());
        Labels byResolver = exporter.and("resolver", resolver);
        String help = "Number of times the resolver has triggered new resolutions.";
        resolvedOk = telemetry.counter("otelcol_loadbalancer_num_resolutions", help, byResolver.and("success", "true"));
        resolvedFailed = telemetry.counter("otelcol_loadbalancer_num_resolutions", help,
                byResolver.and("success", "false"));
        backendUpdates = telemetry.counter("otelcol_loadbalancer_num_backend_updates",
                "Number of times the list of backends was updated.", byResolver);
        telemetry.gauge("otelcol_loadbalancer_num_backends", "Current number of backends in use.", byResolver,
                backends::get);
    }

    void resolved(boolean success) {
        (success ? resolvedOk : resolvedFailed).increment();
    }

    void backendsChanged(int count) {
        backends.set(count);
        backendUpdates.increment();
    }

    /** The outcome and latency series of one backend, registered when the backend is added. */
    BackendOutcomes backend(String endpoint) {
        Labels labels = exporter.and("endpoint", endpoint);
        String help = "Number of successes and failures for each endpoint.";
        return new BackendOutcomes(
                telemetry.counter("otelcol_loadbalancer_backend_outcome", help, labels.and("success", "true")),
                telemetry.counter("otelcol_loadbalancer_backend_outcome", help, labels.and("success", "false")),
                telemetry.histogram("otelcol_loadbalancer_backend_latency", "Response latency in ms for the backends.",
                        labels, LATENCY_MS));
    }

    record BackendOutcomes(Counter succeeded, Counter failed, Histogram latencyMs) {
        void record(boolean success, long nanos) {
            (success ? succeeded : failed).increment();
            latencyMs.record(nanos / 1e6);
        }
    }
}
