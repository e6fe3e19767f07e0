package io.spanvault.processor.batch;

import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Histogram;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;

/** The collector's self-metrics of a batch processor, labelled with its id. */
final class BatchMetrics {
    /** The collector's bucket bounds for the batch size histogram. */
    private static final double[] SIZE_BOUNDS = {10, 25, 50, 75, 100, 250, 500, 750, 1000, 2000, 3000, 4000, 5000,
        6000, 7000, 8000, 9000, 10000, 20000, 30000, 50000, 100000};

    final Histogram sendSize;
    final Counter sizeTriggers;
    final Counter timeoutTriggers;
    final Counter idleTriggers;

    BatchMetrics(Telemetry telemetry, String processor) {
        Labels labels = Labels.of("processor", processor);
        sendSize = telemetry.histogram("otelcol_processor_batch_batch_send_size",
                "Number of items in each batch sent", labels, SIZE_BOUNDS);
        sizeTriggers = telemetry.counter("otelcol_processor_batch_batch_size_trigger_send",
                "Number of times a batch was sent because it reached send_batch_size", labels);
        timeoutTriggers = telemetry.counter("otelcol_processor_batch_timeout_trigger_send",
                "Number of times a batch was sent because its timeout expired", labels);
        idleTriggers = telemetry.counter("spanvault_processor_batch_idle_trigger_send",
                "Number of times a batch was sent because no batch of the processor was waiting downstream (flush_when_idle)",
                labels);
    }
}
