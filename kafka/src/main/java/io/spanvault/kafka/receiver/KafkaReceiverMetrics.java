package io.spanvault.kafka.receiver;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.function.DoubleSupplier;
import org.apache.kafka.common.TopicPartition;

/**
 * The receiver's telemetry: {@code otelcol_receiver_accepted_*} / {@code _refused_*} (transport {@code kafka})
 * as every receiver, and the Collector's kafkareceiver metrics: {@code otelcol_kafka_receiver_records} and
 * {@code _bytes_uncompressed} by topic, partition and outcome, the {@code _current_offset} and
 * {@code _offset_lag} gauges, {@code _partition_start} / {@code _partition_close} and
 * {@code _unmarshal_failed_*}.
 */
final class KafkaReceiverMetrics {
    private final Telemetry telemetry;
    private final String receiver;
    private final String items;
    private final Counter accepted;
    private final Counter refused;
    private final Counter partitionStart;
    private final Counter partitionClose;

    KafkaReceiverMetrics(ComponentContext context, Signal<?> signal) {
        this.telemetry = context.telemetry();
        this.receiver = context.id().toString();
        this.items = signal.itemName();
        Labels labels = Labels.of("receiver", receiver, "transport", "kafka");
        accepted = telemetry.counter("otelcol_receiver_accepted_" + items,
                "Number of " + items + " successfully pushed into the pipeline.", labels);
        refused = telemetry.counter("otelcol_receiver_refused_" + items,
                "Number of " + items + " that could not be pushed into the pipeline.", labels);
        Labels receiverOnly = Labels.of("receiver", receiver);
        partitionStart = telemetry.counter("otelcol_kafka_receiver_partition_start", "Number of started partitions",
                receiverOnly);
        partitionClose = telemetry.counter("otelcol_kafka_receiver_partition_close", "Number of finished partitions",
                receiverOnly);
    }

    void accepted(int count) {
        accepted.add(count);
    }

    void refused(int count) {
        refused.add(count);
    }

    void record(TopicPartition partition, boolean success, int bytes) {
        Labels labels = partitionLabels(partition).and("outcome", success ? "success" : "failure");
        telemetry.counter("otelcol_kafka_receiver_records", "The number of received records.", labels).add(1);
        telemetry.counter("otelcol_kafka_receiver_bytes_uncompressed",
                "The uncompressed size in bytes of received records seen by the client.", labels).add(bytes);
    }

    void unmarshalFailed(TopicPartition partition) {
        telemetry.counter("otelcol_kafka_receiver_unmarshal_failed_" + items,
                "Number of " + items + " failed to be unmarshaled", partitionLabels(partition)).add(1);
    }

    void partitionStarted(TopicPartition partition, DoubleSupplier currentOffset, DoubleSupplier lag) {
        partitionStart.add(1);
        telemetry.gauge("otelcol_kafka_receiver_current_offset", "Current message offset", partitionLabels(partition),
                currentOffset);
        telemetry.gauge("otelcol_kafka_receiver_offset_lag", "Current offset lag", partitionLabels(partition), lag);
    }

    void partitionClosed() {
        partitionClose.add(1);
    }

    private Labels partitionLabels(TopicPartition partition) {
        return Labels.of("receiver", receiver, "topic", partition.topic(), "partition",
                Integer.toString(partition.partition()));
    }
}
