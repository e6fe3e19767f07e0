package io.spanvault.storage;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/** Writes spans into a store. */
public interface TraceWriter {

    /**
     * Stores every span of the batch. When this returns, the spans are durable as far as the store's
     * documented sync policy promises, and visible to readers. Spans with ids that already exist are kept
     * as further spans, never replacing the earlier ones. Throws {@link StorageException} when the batch
     * could not be stored (nothing of it is then promised).
     */
    void write(ExportTraceServiceRequest batch);
}
