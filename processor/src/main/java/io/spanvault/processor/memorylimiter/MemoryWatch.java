package io.spanvault.processor.memorylimiter;

import io.spanvault.pipeline.component.ComponentThreads;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures heap use every check interval on its own thread and publishes one volatile flag, so the data
 * path only reads a field. One watch serves every pipeline's instance of a memory_limiter id. The decisions follow the collector's {@code CheckMemLimits}: above the hard limit
 * force a GC (at most every {@code minGcHard}); on entering the soft limit force a GC if none ran within
 * {@code minGcSoft} and re-measure; refuse while still above the soft limit, resume below it.
 */
final class MemoryWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryWatch.class);
    private static final long MIB = 1024L * 1024L;

    private final HeapUsage heap;
    private final LongSupplier nanoClock;
    private final long hardLimit;
    private final long softLimit;
    private final long minGcSoftNanos;
    private final long minGcHardNanos;
    private final Duration checkInterval;
    private volatile boolean refusing;
    private long lastGcNanos;
    private boolean gcEverRan;
    private ScheduledExecutorService timer;
    private int users;

    MemoryWatch(HeapUsage heap, LongSupplier nanoClock, long hardLimit, long spike, Duration checkInterval,
            Duration minGcSoft, Duration minGcHard) {
        this.heap = heap;
        this.nanoClock = nanoClock;
        this.hardLimit = hardLimit;
        this.softLimit = hardLimit - spike;
        this.checkInterval = checkInterval;
        this.minGcSoftNanos = minGcSoft.toNanos();
        this.minGcHardNanos = minGcHard.toNanos();
    }

    /** Whether data must be refused now; a volatile read, for the data path. */
    boolean refusing() {
        return refusing;
    }

    synchronized boolean running() {
        return timer != null;
    }

    /** Starts measuring for one more user (a pipeline's processor); the first one starts the timer. */
    synchronized void start(String name) {
        if (users++ > 0) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(ComponentThreads.daemon("spanvault-memory-limiter-" + name));
        long period = Math.max(1, checkInterval.toNanos());
        timer.scheduleAtFixedRate(this::checkSafely, period, period, TimeUnit.NANOSECONDS);
        LOG.info("memory limiter {}: limit {} MiB, soft limit {} MiB, check every {}", name, hardLimit / MIB,
                softLimit / MIB, checkInterval);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.warn("memory check failed", e);
        }
    }

    /** One measurement and decision; called by the timer, and directly by tests. */
    synchronized void check() {
        long used = heap.usedBytes();
        if (used >= hardLimit && gcAllowed(minGcHardNanos)) {
            LOG.warn("heap use {} MiB is above the hard limit {} MiB; forcing a GC", used / MIB, hardLimit / MIB);
            used = collect();
        }
        boolean was = refusing;
        boolean refuse = used >= softLimit;
        if (!was && refuse) {
            if (gcAllowed(minGcSoftNanos)) {
                used = collect();
                refuse = used >= softLimit;
            }
            if (refuse) {
                LOG.warn("heap use {} MiB is above the soft limit {} MiB; refusing data", used / MIB, softLimit / MIB);
            }
        } else if (was && !refuse) {
            LOG.info("heap use {} MiB is back below the soft limit; accepting data", used / MIB);
        }
        refusing = refuse;
    }

    private boolean gcAllowed(long minIntervalNanos) {
        return !gcEverRan || nanoClock.getAsLong() - lastGcNanos >= minIntervalNanos;
    }

    private long collect() {
        heap.collectGarbage();
        lastGcNanos = nanoClock.getAsLong();
        gcEverRan = true;
        return heap.usedBytes();
    }

    /** One user fewer; the last one stops the timer. */
    @Override
    public synchronized void close() {
        if (users > 0 && --users > 0) {
            return;
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
