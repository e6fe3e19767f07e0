package io.spanvault.connector.servicegraph;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The {@code servicegraph} connector's config, keyed as the Collector's.
 *
 * @param latencyHistogramBuckets   bounds of the server and client duration histograms; default 2ms … 15s
 * @param dimensions                span attributes added as {@code client_<name>} and {@code server_<name>}
 * @param store                     the edges waiting for their other side
 * @param storeExpirationLoop       how often waiting edges are checked for expiry; default 2s
 * @param metricsFlushInterval      how often the metrics are emitted; default 60s
 * @param virtualNodePeerAttributes attributes of a client span that name an uninstrumented server (a database, a
 *                                  queue): its edge is completed with that name when no server span came
 */
public record ServiceGraphConfig(List<Duration> latencyHistogramBuckets, List<String> dimensions, StoreConfig store,
        Duration storeExpirationLoop, Duration metricsFlushInterval, List<String> virtualNodePeerAttributes) {

    static final List<Duration> DEFAULT_BUCKETS = List.of(Duration.ofMillis(2), Duration.ofMillis(4),
            Duration.ofMillis(6), Duration.ofMillis(8), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
            Duration.ofSeconds(1), Duration.ofMillis(1400), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(15));

    public ServiceGraphConfig {
        latencyHistogramBuckets = latencyHistogramBuckets == null ? DEFAULT_BUCKETS : List.copyOf(latencyHistogramBuckets);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        store = Objects.requireNonNullElseGet(store, () -> new StoreConfig(null, null));
        storeExpirationLoop = Objects.requireNonNullElse(storeExpirationLoop, Duration.ofSeconds(2));
        metricsFlushInterval = Objects.requireNonNullElse(metricsFlushInterval, Duration.ofSeconds(60));
        virtualNodePeerAttributes = virtualNodePeerAttributes == null ? List.of("peer.service", "db.name", "db.system")
                : List.copyOf(virtualNodePeerAttributes);
        for (int i = 1; i < latencyHistogramBuckets.size(); i++) {
            if (latencyHistogramBuckets.get(i).compareTo(latencyHistogramBuckets.get(i - 1)) <= 0) {
                throw new InvalidConfigException("latency_histogram_buckets", "must increase, but "
                        + latencyHistogramBuckets.get(i) + " follows " + latencyHistogramBuckets.get(i - 1));
            }
        }
        if (storeExpirationLoop.isNegative() || storeExpirationLoop.isZero()) {
            throw new InvalidConfigException("store_expiration_loop", "must be positive, got " + storeExpirationLoop);
        }
        if (metricsFlushInterval.isNegative() || metricsFlushInterval.isZero()) {
            throw new InvalidConfigException("metrics_flush_interval", "must be positive, got " + metricsFlushInterval);
        }
    }

    /** The bucket bounds in seconds. */
    double[] boundsSeconds() {
        double[] bounds = new double[latencyHistogramBuckets.size()];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = latencyHistogramBuckets.get(i).toNanos() / 1e9;
        }
        return bounds;
    }
}
