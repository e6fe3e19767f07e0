package io.spanvault.exporter.store;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.otlp.SpanWindow;
import io.spanvault.pipeline.otlp.SpanWindowSource;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceReader;
import io.spanvault.storage.TraceWriter;
import io.spanvault.storage.backend.Backend;
import io.spanvault.storage.backend.BackendLookup;
import io.spanvault.storage.backend.StorageBackends;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes trace batches into a storage backend: the storage extension's backend named by {@code backend},
 * found when the exporter starts, or (the shorthand) its own backend, which it then lends to the query
 * extension as a {@link StorageBackends} under its id. Batches are written by {@code num_writers} threads (a
 * {@link WriterPool}), so a store's lanes are written in parallel, or by the caller itself when the store is
 * idle and its writes never wait for the disk or the network; when they all are busy and batches wait,
 * {@code consume} waits too (back-pressure on the pipeline). The returned stage completes only after
 * {@code write} returned, so an acknowledged batch is a stored batch. A failed write is retryable (the disk
 * may have room again later, the database may be back).
 */
final class StoreExporter implements Exporter<ExportTraceServiceRequest>, StorageBackends, SpanWindowSource {
    private static final Logger LOG = LoggerFactory.getLogger(StoreExporter.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final ComponentContext context;
    private final StoreExporterConfig config;
    /** The shorthand's backend, owned and closed here; null when writing a storage extension's backend. */
    private final Backend own;
    private final Counter sent;
    private final Counter failed;
    private TraceWriter writer;
    private WriterPool writers;

    StoreExporter(ComponentContext context, StoreExporterConfig config, Backend own) {
        this.context = context;
        this.config = config;
        this.own = own;
        Telemetry telemetry = context.telemetry();
        Labels labels = Labels.of("exporter", context.id().toString());
        sent = telemetry.counter("otelcol_exporter_sent_spans", "Spans successfully sent to destination.", labels);
        failed = telemetry.counter("otelcol_exporter_send_failed_spans", "Spans the exporter failed to send.", labels);
    }

    @Override
    public void prepare() {
        if (own != null) {
            own.prepare();
        }
    }

    @Override
    public void start(Host host) {
        writer = own != null ? own.store() : BackendLookup.owner(host, config.backend(), "backend")
                .writer(config.backend());
        writers = new WriterPool(writer, config.numWriters(), writer.writesWithoutWaiting(),
                "spanvault-exporter-" + context.id());
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

    /** Writes run on the writer pool; {@code consume} waits only for room there, which the writers make. */
    @Override
    public boolean blocksCaller() {
        return false;
    }

    /** Receivers of this exporter's pipelines reject spans outside it up front, as a partial success. */
    @Override
    public SpanWindow spanWindow() {
        return writer.spanWindow();
    }

    @Override
    public Set<String> backendNames() {
        return own == null ? Set.of() : Set.of(own.name());
    }

    @Override
    public TraceWriter writer(String backend) {
        return ownBackend(backend).store();
    }

    @Override
    public TraceReader reader(String backend) {
        return ownBackend(backend).store();
    }

    private Backend ownBackend(String name) {
        if (own == null || !own.name().equals(name)) {
            throw new IllegalArgumentException(context.id() + " owns no backend '" + name + "'");
        }
        return own;
    }

    /** Waits for the writes in flight, then syncs and closes its own backend (a storage extension closes its). */
    @Override
    public void close() {
        if (writers != null && !writers.close(DRAIN_TIMEOUT)) {
            LOG.warn("store writes still running after {}; closing the store fails them", DRAIN_TIMEOUT);
        }
        if (own != null) {
            own.close();
        }
    }
}
