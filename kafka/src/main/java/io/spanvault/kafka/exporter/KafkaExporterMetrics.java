package io.spanvault.kafka.exporter;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;

/**
 * The Collector's kafkaexporter telemetry: {@code otelcol_kafka_exporter_records} and
 * {@code otelcol_kafka_exporter_bytes_uncompressed} by topic, partition and outcome, and
 * {@code otelcol_kafka_exporter_write_latency} (seconds from handing a request to the producer until Kafka
 * acknowledged all its records). The Collector's {@code node_id} and {@code server.address} labels are not
 * given: the Java client does not say which broker acknowledged a record.
 */
final class KafkaExporterMetrics {
    private static final double[] LATENCY_BOUNDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Telemetry telemetry;
    private final String exporter;

    KafkaExporterMetrics(ComponentContext context) {
        this.telemetry = context.telemetry();
        this.exporter = context.id().toString();
    }

    /** One record's outcome; {@code partition} is -1 when the record never reached a partition. */
    void record(String topic, int partition, boolean success, int bytes) {
        Labels labels = Labels.of("exporter", exporter, "topic", topic, "partition",
                partition < 0 ? "" : Integer.toString(partition), "outcome", success ? "success" : "failure");
        telemetry.counter("otelcol_kafka_exporter_records", "The number of exported records.", labels).add(1);
        telemetry.counter("otelcol_kafka_exporter_bytes_uncompressed",
                "The uncompressed size in bytes of exported messages seen by the client.", labels).add(bytes);
    }

    void writeLatency(String topic, boolean success, long nanos) {
        telemetry.histogram("otelcol_kafka_exporter_write_latency",
                "The time it took in seconds to export a batch of records.",
                Labels.of("exporter", exporter, "topic", topic, "outcome", success ? "success" : "failure"),
                LATENCY_BOUNDS).record(nanos / 1e9);
    }
}
