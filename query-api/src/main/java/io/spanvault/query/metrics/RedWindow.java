package io.spanvault.query.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** The spans and time buckets one aggregation covers; equal windows share one scan of the store. */
record RedWindow(Set<String> services, Set<String> spanKinds, Instant end, Duration lookback, Duration step,
        Duration ratePer) {
}
