package io.spanvault.receiver.http;

import java.time.Duration;

/** Counts requests handed to the pipeline and not yet answered, so that closing can wait for their answers. */
final class InFlightExports {
    private int count;

    synchronized void started() {
        count++;
    }

    synchronized void finished() {
        if (--count == 0) {
            notifyAll();
        }
    }

    /** Waits until every started export was answered or the timeout passed; true when none is left. */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
