package io.spanvault.pipeline.telemetry;

import java.util.concurrent.atomic.LongAdder;

/** A monotonic count; adding takes no lock, so it is fit for per-request paths. */
public final class Counter {
    private final LongAdder value = new LongAdder();

    public void add(long n) {
        value.add(n);
    }

    public void increment() {
        value.increment();
    }

    public long value() {
        return value.sum();
    }
}
