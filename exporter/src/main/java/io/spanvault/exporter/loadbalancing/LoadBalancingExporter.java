package io.spanvault.exporter.loadbalancing;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.RetryableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each span to the backend its routing key hashes to on the ring, through that backend's own OTLP
 * exporter (its sending queue and retries). The resolver's list rebuilds the ring: a new backend gets an
 * exporter and takes over its share of keys; a backend that left the ring is closed while its queued and
 * retried requests go to their new owners ({@link RoutedClient}). A request is acknowledged once every
 * backend it was split to accepted its part (enqueued, or sent when the queue is off); if a part fails the
 * whole request fails, and a retry by the sender may duplicate the parts that were accepted.
 */
final class LoadBalancingExporter implements Exporter<ExportTraceServiceRequest>, RoutedClient.Ring {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancingExporter.class);
    private static final Duration NO_BACKEND_RETRY = Duration.ofSeconds(1);

    /** A backend exporter, created for an endpoint the resolver found. */
    interface BackendFactory {
        Exporter<ExportTraceServiceRequest> create(String endpoint, RoutedClient.Ring ring);
    }

    private record Routing(HashRing ring, Map<String, Exporter<ExportTraceServiceRequest>> backends) {
    }

    private final String name;
    private final Resolver resolver;
    private final TraceRouter router;
    private final BackendFactory backendFactory;
    private final List<Thread> retiring = new ArrayList<>();
    private volatile Routing routing = new Routing(new HashRing(List.of()), Map.of());
    private Host host;
    private boolean closed;

    LoadBalancingExporter(String name, Resolver resolver, TraceRouter router, BackendFactory backendFactory) {
        this.name = name;
        this.resolver = resolver;
        this.router = router;
        this.backendFactory = backendFactory;
    }

    @Override
    public void start(Host host) {
        this.host = host;
        resolver.start(this::onBackends);
    }

    /** A new backend list: start exporters for new endpoints, swap the ring, retire endpoints that left. */
    synchronized void onBackends(List<String> endpoints) {
        if (closed) {
            return;
        }
        Map<String, Exporter<ExportTraceServiceRequest>> previous = routing.backends();
        Map<String, Exporter<ExportTraceServiceRequest>> next = new HashMap<>();
        for (String endpoint : endpoints) {
            Exporter<ExportTraceServiceRequest> backend = previous.get(endpoint);
            if (backend == null) {
                backend = backendFactory.create(endpoint, this);
                try {
                    backend.start(host);
                } catch (Exception e) {
                    LOG.warn("exporter {}: cannot start the exporter for backend {}: {}", name, endpoint, e.toString());
                    backend.close();
                    continue;
                }
            }
            next.put(endpoint, backend);
        }
        if (next.isEmpty()) {
            return;
        }
        routing = new Routing(new HashRing(List.copyOf(next.keySet()).stream().sorted().toList()), Map.copyOf(next));
        previous.forEach((endpoint, backend) -> {
            if (!next.containsKey(endpoint)) {
                retire(endpoint, backend);
            }
        });
    }

    /** Closes a backend that left the ring; its close drains the queue, which now reroutes every request. */
    private void retire(String endpoint, Exporter<ExportTraceServiceRequest> backend) {
        LOG.info("exporter {}: backend {} left the ring; its queued data goes to the remaining backends", name,
                endpoint);
        Thread t = new Thread(backend::close, "spanvault-lb-retire-" + endpoint);
        t.setDaemon(true);
        retiring.add(t);
        t.start();
    }

    @Override
    public boolean routesTo(String endpoint) {
        return routing.backends().containsKey(endpoint);
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest request) {
        return route(request);
    }

    @Override
    public CompletionStage<Void> reroute(ExportTraceServiceRequest request) {
        return route(request);
    }

    private CompletableFuture<Void> route(ExportTraceServiceRequest request) {
        Routing current = routing;
        if (current.ring().isEmpty()) {
            return CompletableFuture.failedFuture(new RetryableException("exporter " + name
                    + " has no backends yet (the resolver found none)", NO_BACKEND_RETRY));
        }
        Map<String, ExportTraceServiceRequest> parts;
        try {
            parts = router.split(request, current.ring());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(ConsumerException.of(e));
        }
        CompletableFuture<?>[] sends = new CompletableFuture<?>[parts.size()];
        int i = 0;
        for (Map.Entry<String, ExportTraceServiceRequest> part : parts.entrySet()) {
            String endpoint = part.getKey();
            sends[i++] = current.backends().get(endpoint).consume(part.getValue()).toCompletableFuture()
                    .exceptionallyCompose(error -> routesTo(endpoint) ? CompletableFuture.failedFuture(error)
                            : route(part.getValue()));
        }
        return sends.length == 1 ? sends[0].thenApply(ok -> null) : CompletableFuture.allOf(sends);
    }

    @Override
    public void close() {
        List<Thread> waitFor;
        Map<String, Exporter<ExportTraceServiceRequest>> backends;
        synchronized (this) {
            closed = true;
            waitFor = List.copyOf(retiring);
            backends = routing.backends();
        }
        resolver.close();
        List<Thread> closing = new ArrayList<>(waitFor);
        backends.forEach((endpoint, backend) -> {
            Thread t = new Thread(backend::close, "spanvault-lb-close-" + endpoint);
            t.setDaemon(true);
            t.start();
            closing.add(t);
        });
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
