package io.spanvault.pipeline.server;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts a listener's open connections against {@code max_connections}; shared by its accept threads. */
public final class ConnectionSlots {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionSlots(int max) {
        this.max = max;
    }

    /** Takes a slot for a new connection; false when the listener is full and the connection must be closed. */
    public boolean tryOpen() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** Gives back the slot of a connection that closed. */
    public void closed() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }
}
