package io.spanvault.receiver.otlp;

import com.google.protobuf.Message;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What both transports do with a decoded export request: drop items that fail validation (they are
 * reported through {@code partial_success}), hand the rest to the pipeline, count accepted and refused
 * items, and answer only once the pipeline has accepted the data. A failed stage carries the
 * {@link ConsumerException} that the transport maps to its status code.
 *
 * @param <T> the export request
 * @param <R> the export response
 */
public final class ExportHandler<T extends Message, R extends Message> {
    private final OtlpService<T, R> service;
    private final SignalConsumer<T> consumer;
    private final Counter accepted;
    private final Counter refused;

    public ExportHandler(OtlpService<T, R> service, SignalConsumer<T> consumer, Telemetry telemetry,
            String receiverId, String transport) {
        this.service = service;
        this.consumer = consumer;
        String items = service.signal().itemName();
        Labels labels = Labels.of("receiver", receiverId, "transport", transport);
        this.accepted = telemetry.counter("otelcol_receiver_accepted_" + items,
                "Number of " + items + " successfully pushed into the pipeline.", labels);
        this.refused = telemetry.counter("otelcol_receiver_refused_" + items,
                "Number of " + items + " that could not be pushed into the pipeline.", labels);
    }

    public OtlpService<T, R> service() {
        return service;
    }

    public CompletionStage<R> export(T request) {
        OtlpService.Checked<T, R> checked = service.check(request);
        refused.add(checked.rejected());
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
