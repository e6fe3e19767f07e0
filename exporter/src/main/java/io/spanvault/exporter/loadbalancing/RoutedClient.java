package io.spanvault.exporter.loadbalancing;

import io.spanvault.exporter.sending.SendingExporter;
import io.spanvault.pipeline.component.Host;
import java.util.concurrent.CompletionStage;

/**
 * A backend's OTLP client that first asks whether the ring still routes to this backend: once the backend
 * left the ring, every request still queued for it or waiting to be retried goes to the backends that now
 * own its spans, so what was acknowledged is not lost with the backend.
 */
final class RoutedClient<T> implements SendingExporter.Client<T> {

    /** The balancer's side: is an endpoint still in the ring, and hand a request to its current owners. */
    interface Ring<T> {
        boolean routesTo(String endpoint);

        CompletionStage<Void> reroute(T request);
    }

    private final String endpoint;
    private final SendingExporter.Client<T> otlp;
    private final Ring<T> ring;
    private final LoadBalancerMetrics.BackendOutcomes outcomes;

    RoutedClient(String endpoint, SendingExporter.Client<T> otlp, Ring<T> ring,
            LoadBalancerMetrics.BackendOutcomes outcomes) {
        this.endpoint = endpoint;
        this.otlp = otlp;
        this.ring = ring;
        this.outcomes = outcomes;
    }

    @Override
    public void start(Host host) throws Exception {
        otlp.start(host);
    }

    @Override
    public CompletionStage<Void> send(T request) {
        if (!ring.routesTo(endpoint)) {
            return ring.reroute(request);
        }
        long start = System.nanoTime();
        return otlp.send(request).whenComplete((ok, error) -> outcomes.record(error == null, System.nanoTime() - start));
    }

    @Override
    public void close() {
        otlp.close();
    }
}
