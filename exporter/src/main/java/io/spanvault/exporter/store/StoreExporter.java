package io.spanvault.exporter.store;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.StoreProvider;
import io.spanvault.storage.TraceStore;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Writes trace batches into the embedded {@link ChronicleTraceStore} and lends the store to others (the
 * query extension) as a {@link StoreProvider}. A batch is written on the caller's thread and the returned
 * stage completes only after {@code write} returned, so an acknowledged batch is a stored batch. A failed
 * write is retryable (the disk may have room again later).
 */
final class StoreExporter implements Exporter<ExportTraceServiceRequest>, StoreProvider {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ChronicleTraceStore store;
    private final Counter sent;
    private final Counter failed;

    StoreExporter(ComponentContext context, ChronicleTraceStore store) {
        this.store = store;
        Telemetry telemetry = context.telemetry();
        Labels labels = Labels.of("exporter", context.id().toString());
        sent = telemetry.counter("otelcol_exporter_sent_spans", "Spans successfully sent to destination.", labels);
        failed = telemetry.counter("otelcol_exporter_send_failed_spans", "Spans the exporter failed to send.", labels);
        telemetry.gauge("spanvault_store_spans", "Spans in the store.", labels, store::spanCount);
        telemetry.gauge("spanvault_store_traces", "Traces in the store, counted once per partition they are in.",
                labels, store::traceCount);
        telemetry.gauge("spanvault_store_disk_bytes", "Bytes the store's files take.", labels, store::diskBytes);
        telemetry.gauge("spanvault_store_partitions", "Time partitions in the store.", labels, store::partitionCount);
        telemetry.gauge("spanvault_store_expired_spans", "Spans not stored because they started before the retention window.",
                labels, store::expiredSpans);
        telemetry.gauge("spanvault_store_invalid_spans", "Spans not stored because their trace id is not 16 bytes.",
                labels, store::invalidSpans);
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest batch) {
        int spans = Signal.TRACES.itemCount(batch);
        try {
            store.write(batch);
        } catch (StorageException e) {
            failed.add(spans);
            return CompletableFuture.failedFuture(
                    new RetryableException("the store could not write the batch: " + e.getMessage(), RETRY_AFTER, e));
        }
        sent.add(spans);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public TraceStore store() {
        return store;
    }

    /** Syncs and closes the store; writes have all returned by now, since the pipeline upstream is stopped. */
    @Override
    public void close() {
        store.close();
    }
}
