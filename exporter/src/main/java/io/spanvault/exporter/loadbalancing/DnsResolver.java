package io.spanvault.exporter.loadbalancing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code resolver.dns}: looks the hostname up at start and every {@code interval}, each lookup bounded by
 * {@code timeout}; a changed address set is handed on (the ring is rebuilt), a failed or empty lookup keeps
 * the last known backends, as the collector does.
 */
final class DnsResolver implements Resolver {
    private static final Logger LOG = LoggerFactory.getLogger(DnsResolver.class);

    private final DnsResolverConfig config;
    private final HostLookup lookup;
    private final LoadBalancerMetrics metrics;
    private final String exporter;
    private ScheduledExecutorService timer;
    private ExecutorService lookups;
    private Consumer<List<String>> listener;
    private List<String> current = List.of();

    DnsResolver(DnsResolverConfig config, HostLookup lookup, LoadBalancerMetrics metrics, String exporter) {
        this.config = config;
        this.lookup = lookup;
        this.metrics = metrics;
        this.exporter = exporter;
    }

    @Override
    public void start(Consumer<List<String>> listener) {
        this.listener = listener;
        timer = Executors.newSingleThreadScheduledExecutor(daemon("spanvault-dns-" + exporter));
        // The lookup runs apart from the timer so that a hung system resolver cannot stop the schedule.
        lookups = Executors.newCachedThreadPool(daemon("spanvault-dns-lookup-" + exporter));
        resolve();
        long every = config.interval().toNanos();
        timer.scheduleWithFixedDelay(this::resolve, every, every, TimeUnit.NANOSECONDS);
    }

    /** One lookup; public to the package so a test can resolve at once instead of waiting an interval. */
    synchronized void resolve() {
        List<String> found;
        try {
            found = CompletableFuture.supplyAsync(this::lookUp, lookups)
                    .get(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            metrics.resolved(false);
            LOG.warn("exporter {}: DNS lookup of {} failed, keeping {} backends: {}", exporter, config.hostname(),
                    current.size(), e.getCause() == null ? e.toString() : e.getCause().toString());
            return;
        }
        metrics.resolved(true);
        if (found.isEmpty() || found.equals(current)) {
            return;
        }
        current = found;
        LOG.info("exporter {}: {} resolves to {}", exporter, config.hostname(), found);
        listener.accept(found);
        metrics.backendsChanged(found.size());
    }

    private List<String> lookUp() {
        try {
            return lookup.addresses(config.hostname()).stream().map(this::endpoint).distinct().sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String endpoint(InetAddress address) {
        String ip = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + config.port();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
            lookups.shutdownNow();
        }
    }
}
