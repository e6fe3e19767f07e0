package io.spanvault.exporter.store;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.otlp.SpanWindow;
import io.spanvault.pipeline.otlp.SpanWindowSource;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes trace batches into the embedded {@link ChronicleTraceStore} and lends the store to others (the
 * query extension) as a {@link StoreProvider}. Batches are written by {@code num_writers} threads (a
 * {@link WriterPool}), so the store's lanes are written in parallel; when they all are busy and batches wait,
 * {@code consume} waits too (back-pressure on the pipeline). The returned stage completes only after
 * {@code write} returned, so an acknowledged batch is a stored batch. A failed write is retryable (the disk
 * may have room again later).
 */
final class StoreExporter implements Exporter<ExportTraceServiceRequest>, StoreProvider, SpanWindowSource {
    private static final Logger LOG = LoggerFactory.getLogger(StoreExporter.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final ChronicleTraceStore store;
    private final WriterPool writers;
    private final Counter sent;
    private final Counter failed;

    /** {@code writers} writes into {@code store}; the exporter closes both. */
    StoreExporter(ComponentContext context, ChronicleTraceStore store, WriterPool writers) {
        this.store = store;
        this.writers = writers;
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
        telemetry.gauge("spanvault_store_future_spans",
                "Spans not stored because they started more than max_future_skew after now.", labels,
                store::futureSpans);
        telemetry.gauge("spanvault_store_invalid_spans", "Spans not stored because their trace id is not 16 bytes.",
                labels, store::invalidSpans);
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest batch) {
        int spans = Signal.TRACES.itemCount(batch);
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        writers.submit(batch).whenComplete((written, e) -> {
            if (e == null) {
                sent.add(spans);
                acknowledged.complete(null);
                return;
            }
            failed.add(spans);
            acknowledged.completeExceptionally(e instanceof StorageException ? new RetryableException(
                    "the store could not write the batch: " + e.getMessage(), RETRY_AFTER, e) : e);
        });
        return acknowledged;
    }

    /** Receivers of this exporter's pipelines reject spans outside it up front, as a partial success. */
    @Override
    public SpanWindow spanWindow() {
        return store.spanWindow();
    }

    @Override
    public TraceStore store() {
        return store;
    }

    /** Waits for the writes in flight, then syncs and closes the store. */
    @Override
    public void close() {
        if (!writers.close(DRAIN_TIMEOUT)) {
            LOG.warn("store writes still running after {}; closing the store fails them", DRAIN_TIMEOUT);
        }
        store.close();
    }
}
