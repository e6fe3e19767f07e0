package io.spanvault.storage;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.otlp.SpanWindow;
import java.time.temporal.ChronoUnit;

/** Writes spans into a store. */
public interface TraceWriter {

    /**
     * Stores every span of the batch. When this returns, the spans are durable as far as the store's
     * documented sync policy promises, and visible to readers. Spans with ids that already exist are kept
     * as further spans, never replacing the earlier ones. A store with a retention skips spans that started
     * before its retention window (they would be dropped at once) and spans whose trace id is not 16 bytes;
     * it counts both. Throws {@link StorageException} when the batch could not be stored (nothing of it is
     * then promised).
     */
    void write(ExportTraceServiceRequest batch);

    /**
     * Whether {@link #write} is CPU work only: it never waits on an fsync or a network round trip, so a
     * caller on a network thread may write an idle store itself instead of handing the batch to a writer
     * thread. The default is the safe answer: false.
     */
    default boolean writesWithoutWaiting() {
        return false;
    }

    /**
     * The span start times {@link #write} stores at this moment, so that receivers can reject the others up
     * front as a partial success. A store without retention or skew bounds takes every span whose start is set.
     */
    default SpanWindow spanWindow() {
        return new SpanWindow(1, Long.MAX_VALUE, ChronoUnit.FOREVER.getDuration(), ChronoUnit.FOREVER.getDuration());
    }
}
