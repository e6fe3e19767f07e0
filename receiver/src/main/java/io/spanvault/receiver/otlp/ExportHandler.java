package io.spanvault.receiver.otlp;

import com.google.protobuf.Message;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.otlp.SpanWindow;
import io.spanvault.pipeline.otlp.SpanWindowSource;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What both transports do with a decoded export request: drop items that fail validation, spans outside the
 * window of a store they would reach among them (they are reported through {@code partial_success}), hand the
 * rest to the pipeline, count accepted and refused items, and answer only once the pipeline has accepted the
 * data. A failed stage carries the {@link ConsumerException} that the transport maps to its status code.
 *
 * @param <T> the export request
 * @param <R> the export response
 */
public final class ExportHandler<T extends Message, R extends Message> {
    private final OtlpService<T, R> service;
    private final SignalConsumer<T> consumer;
    private final Counter accepted;
    private final Counter refused;
    private final Counter outsideWindow;
    private final List<SpanWindowSource> windows;

    /** {@code windows}: the stores at the end of this receiver's pipelines, whose windows spans must start in. */
    public ExportHandler(OtlpService<T, R> service, SignalConsumer<T> consumer, Telemetry telemetry,
            String receiverId, String transport, List<SpanWindowSource> windows) {
        this.service = service;
        this.consumer = consumer;
        this.windows = List.copyOf(windows);
        String items = service.signal().itemName();
        Labels labels = Labels.of("receiver", receiverId, "transport", transport);
        this.accepted = telemetry.counter("otelcol_receiver_accepted_" + items,
                "Number of " + items + " successfully pushed into the pipeline.", labels);
        this.refused = telemetry.counter("otelcol_receiver_refused_" + items,
                "Number of " + items + " that could not be pushed into the pipeline.", labels);
        this.outsideWindow = windows.isEmpty() ? null : telemetry.counter("spanvault_receiver_outside_window_" + items,
                "Number of " + items + " rejected (as a partial success) because they start outside the ingestion "
                        + "window of a store they would go to.", labels);
    }

    public OtlpService<T, R> service() {
        return service;
    }

    /** Whether handing a request to the pipeline may hold the calling thread (see {@link SignalConsumer#blocksCaller}). */
    public boolean blocksCaller() {
        return consumer.blocksCaller();
    }

    /** The window every store reached admits now, or null when no store is reached. */
    private SpanWindow window() {
        SpanWindow window = null;
        for (SpanWindowSource source : windows) {
            SpanWindow w = source.spanWindow();
            window = window == null ? w : window.intersect(w);
        }
        return window;
    }

    public CompletionStage<R> export(T request) {
        OtlpService.Checked<T, R> checked = service.check(request, window());
        refused.add(checked.rejected());
        if (outsideWindow != null) {
            outsideWindow.add(checked.outsideWindow());
        }
        T forward = checked.forward();
        R response = checked.response();
        int items = service.signal().itemCount(forward);
        if (items == 0) {
            return CompletableFuture.completedFuture(response);
        }
        CompletionStage<Void> stage;
        try {
            stage = consumer.consume(forward);
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((ok, failure) -> {
            if (failure != null) {
                refused.add(items);
                throw ConsumerException.of(failure);
            }
            accepted.add(items);
            return response;
        });
    }
}
