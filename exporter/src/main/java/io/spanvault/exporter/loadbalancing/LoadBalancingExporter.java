package io.spanvault.exporter.loadbalancing;

import com.google.protobuf.Message;
import io.spanvault.exporter.sending.SendingExporter;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.RetryableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each span to the backend its routing key hashes to on the ring, through that backend's own OTLP
 * exporter (its sending queue and retries). The resolver's list rebuilds the ring: a new backend gets an
 * exporter and takes over its share of keys; a backend that left the ring is drained, every request in its
 * queue (persistent too) or waiting for a retry going to its new owners ({@link RoutedClient}), then closed.
 * With persistent queues, {@link QueuedBackends} remembers which endpoints have one, so a queue left by a
 * backend that is gone from the answer after a restart is drained the same way. An endpoint being drained
 * rejoins the ring only once its drain is over (one process may open a queue directory at a time). A
 * request is acknowledged once every backend it was split to accepted its part (enqueued, or sent when the
 * queue is off); if a part fails the whole request fails, and a retry by the sender may duplicate the parts
 * that were accepted.
 */
final class LoadBalancingExporter<T extends Message> implements Exporter<T>, RoutedClient.Ring<T> {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancingExporter.class);
    private static final Duration NO_BACKEND_RETRY = Duration.ofSeconds(1);

    /** A backend exporter, created for an endpoint the resolver found. */
    interface BackendFactory<T extends Message> {
        SendingExporter<T> create(String endpoint, RoutedClient.Ring<T> ring);
    }

    private record Routing<T extends Message>(HashRing ring, Map<String, SendingExporter<T>> backends) {
    }

    private final String name;
    private final Resolver resolver;
    private final Router<T> router;
    private final BackendFactory<T> backendFactory;
    private final QueuedBackends queued;
    private final List<Thread> retiring = new ArrayList<>();
    private final Set<String> draining = new HashSet<>();
    private volatile Routing<T> routing = new Routing<>(new HashRing(List.of()), Map.of());
    private List<String> answer = List.of();
    private Host host;
    private boolean closed;

    LoadBalancingExporter(String name, Resolver resolver, Router<T> router, BackendFactory<T> backendFactory,
            QueuedBackends queued) {
        this.name = name;
        this.resolver = resolver;
        this.router = router;
        this.backendFactory = backendFactory;
        this.queued = queued;
    }

    @Override
    public void start(Host host) {
        this.host = host;
        queued.load();
        resolver.start(this::onBackends);
    }

    /**
     * A new backend list: start exporters for new endpoints, swap the ring, drain endpoints that left and
     * queues that endpoints no longer listed left on disk.
     */
    synchronized void onBackends(List<String> endpoints) {
        if (closed) {
            return;
        }
        answer = List.copyOf(endpoints);
        Map<String, SendingExporter<T>> previous = routing.backends();
        Map<String, SendingExporter<T>> next = new HashMap<>();
        for (String endpoint : endpoints) {
            SendingExporter<T> backend = previous.get(endpoint);
            if (backend == null && !draining.contains(endpoint)) {
                queued.add(endpoint);
                backend = startBackend(endpoint);
            }
            if (backend != null) {
                next.put(endpoint, backend);
            }
        }
        if (next.isEmpty()) {
            return;
        }
        routing = new Routing<>(new HashRing(next.keySet().stream().sorted().toList()), Map.copyOf(next));
        previous.forEach((endpoint, backend) -> {
            if (!next.containsKey(endpoint)) {
                retire(endpoint, backend);
            }
        });
        for (String endpoint : queued.endpoints()) {
            if (!next.containsKey(endpoint) && !previous.containsKey(endpoint) && !draining.contains(endpoint)) {
                SendingExporter<T> left = startBackend(endpoint);
                if (left != null) {
                    retire(endpoint, left);
                }
            }
        }
    }

    private SendingExporter<T> startBackend(String endpoint) {
        SendingExporter<T> backend = backendFactory.create(endpoint, this);
        try {
            backend.start(host);
            return backend;
        } catch (Exception e) {
            LOG.warn("exporter {}: cannot start the exporter for backend {}: {}", name, endpoint, e.toString());
            backend.close();
            return null;
        }
    }

    /** Drains a backend that is not in the ring: every request it holds is routed again, then it closes. */
    private void retire(String endpoint, SendingExporter<T> backend) {
        LOG.info("exporter {}: backend {} is not in the ring; its queued data goes to the backends in it", name,
                endpoint);
        draining.add(endpoint);
        Thread t = new Thread(() -> retired(endpoint, backend.closeDraining()), "spanvault-lb-retire-" + endpoint);
        t.setDaemon(true);
        retiring.add(t);
        t.start();
    }

    private synchronized void retired(String endpoint, boolean drained) {
        draining.remove(endpoint);
        retiring.remove(Thread.currentThread());
        if (drained && !routing.backends().containsKey(endpoint)) {
            queued.remove(endpoint);
        }
        if (answer.contains(endpoint)) {
            onBackends(answer);
        }
    }

    @Override
    public boolean routesTo(String endpoint) {
        return routing.backends().containsKey(endpoint);
    }

    @Override
    public CompletionStage<Void> consume(T request) {
        return route(request);
    }

    @Override
    public CompletionStage<Void> reroute(T request) {
        return route(request);
    }

    private CompletableFuture<Void> route(T request) {
        Routing<T> current = routing;
        if (current.ring().isEmpty()) {
            return CompletableFuture.failedFuture(new RetryableException("exporter " + name
                    + " has no backends yet (the resolver found none)", NO_BACKEND_RETRY));
        }
        Map<String, T> parts;
        try {
            parts = router.split(request, current.ring());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(ConsumerException.of(e));
        }
        CompletableFuture<?>[] sends = new CompletableFuture<?>[parts.size()];
        int i = 0;
        for (Map.Entry<String, T> part : parts.entrySet()) {
            String endpoint = part.getKey();
            sends[i++] = current.backends().get(endpoint).consume(part.getValue()).toCompletableFuture()
                    .exceptionallyCompose(error -> routesTo(endpoint) ? CompletableFuture.failedFuture(error)
                            : route(part.getValue()));
        }
        return sends.length == 1 ? sends[0].thenApply(ok -> null) : CompletableFuture.allOf(sends);
    }

    /** Stops the resolver, lets drains in progress finish (they need the ring), then closes every backend. */
    @Override
    public void close() {
        List<Thread> waitFor;
        Map<String, SendingExporter<T>> backends;
        synchronized (this) {
            closed = true;
            waitFor = List.copyOf(retiring);
            backends = routing.backends();
        }
        resolver.close();
        if (!join(waitFor)) {
            return;
        }
        List<Thread> closing = new ArrayList<>();
        backends.forEach((endpoint, backend) -> {
            Thread t = new Thread(backend::close, "spanvault-lb-close-" + endpoint);
            t.setDaemon(true);
            t.start();
            closing.add(t);
        });
        join(closing);
    }

    private static boolean join(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
