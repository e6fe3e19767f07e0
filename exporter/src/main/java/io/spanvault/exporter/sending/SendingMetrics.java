package io.spanvault.exporter.sending;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;

/**
 * An exporter's self-metrics under the collector's names: items sent, items that failed to send (given
 * up), items refused because the queue was full, and items the receiving side rejected in a
 * partial-success answer.
 */
public final class SendingMetrics {
    private final Counter sent;
    private final Counter sendFailed;
    private final Counter enqueueFailed;
    private final Counter rejected;
    private final Telemetry telemetry;
    private final Labels labels;

    public SendingMetrics(ComponentContext context, Signal<?> signal) {
        this.telemetry = context.telemetry();
        this.labels = Labels.of("exporter", context.id().toString());
        String items = signal.itemName();
        sent = telemetry.counter("otelcol_exporter_sent_" + items,
                "Number of " + items + " successfully sent to destination.", labels);
        sendFailed = telemetry.counter("otelcol_exporter_send_failed_" + items,
                "Number of " + items + " in failed attempts to send to destination.", labels);
        enqueueFailed = telemetry.counter("otelcol_exporter_enqueue_failed_" + items,
                "Number of " + items + " failed to be added to the sending queue.", labels);
        rejected = telemetry.counter("spanvault_exporter_rejected_" + items,
                "Number of " + items + " the destination rejected in partial-success responses.", labels);
    }

    /** Registers the queue gauges; {@code data_type} tells apart the queues of one exporter's signals. */
    public void watch(SendingQueue<?> queue, Signal<?> signal) {
        Labels queueLabels = labels.and("data_type", signal.name());
        telemetry.gauge("otelcol_exporter_queue_size", "Current size of the retry queue (in batches).",
                queueLabels, queue::size);
        telemetry.gauge("otelcol_exporter_queue_capacity", "Fixed capacity of the retry queue (in batches).",
                queueLabels, queue::capacity);
    }

    public void sent(int items) {
        sent.add(items);
    }

    public void sendFailed(int items) {
        sendFailed.add(items);
    }

    public void enqueueFailed(int items) {
        enqueueFailed.add(items);
    }

    public void rejected(long items) {
        rejected.add(items);
    }
}
