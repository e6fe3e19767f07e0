package io.spanvault.bench.runner;

import java.io.IOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples a process' resident memory at a fixed period while a scenario runs. */
final class RssSampler implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rss-sampler");
        t.setDaemon(true);
        return t;
    });
    private long samples;
    private long sum;
    private long max;

    RssSampler(ProcessStats stats, long periodMillis) {
        timer.scheduleAtFixedRate(() -> {
            try {
                record(stats.rssBytes());
            } catch (IOException e) {
                // The process ended; the run reports that on its own.
            }
        }, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void record(long rss) {
        samples++;
        sum += rss;
        max = Math.max(max, rss);
    }

    synchronized long averageBytes() {
        return samples == 0 ? 0 : sum / samples;
    }

    synchronized long maxBytes() {
        return max;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
