package io.spanvault.processor.batch;

import java.util.concurrent.ScheduledThreadPoolExecutor;

/** One daemon thread runs every batch processor's timeouts; a flush only merges and hands the batch on. */
final class BatchTimer {
    static final ScheduledThreadPoolExecutor SCHEDULER = create();

    private BatchTimer() {
    }

    private static ScheduledThreadPoolExecutor create() {
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "spanvault-batch-timer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        return scheduler;
    }
}
