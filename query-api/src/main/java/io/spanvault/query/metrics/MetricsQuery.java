package io.spanvault.query.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One {@code /api/metrics/*} request, as Jaeger's parameters give it: points at {@code end - lookback},
 * then every {@code step} up to {@code end}, each the rate (per second) or quantile over the {@code ratePer}
 * before it, as Prometheus' {@code rate(…[ratePer])} evaluated over a range.
 *
 * @param services         the services to report, each its own series (or one per operation)
 * @param groupByOperation one series per service and operation instead of per service
 * @param spanKinds        the kinds of span counted, Jaeger's spelling ({@code server}, {@code unspecified}, …)
 * @param quantile         for latencies, the quantile (0 to 1); unused otherwise
 */
record MetricsQuery(List<String> services, boolean groupByOperation, Set<String> spanKinds, Instant end,
        Duration lookback, Duration step, Duration ratePer, double quantile) {

    /** What the scan depends on: the same for every metric and quantile of one Monitor page. */
    RedWindow window() {
        return new RedWindow(Set.copyOf(services), spanKinds, end, lookback, step, ratePer);
    }
}
