package io.spanvault.kafka.exporter;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.kafka.testkit.Components;
import io.spanvault.kafka.testkit.KafkaBroker;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.TestTraces;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** No broker listening: the exporter must say "try again", so a queue or the sender keeps the data. */
class KafkaExporterBrokerDownTest {

    @Test
    void noBrokerIsARetryableError() throws Exception {
        String brokers = "127.0.0.1:" + KafkaBroker.freePort();
        Exporter<ExportTraceServiceRequest> exporter = Components.exporter(
                Components.exporterConfig(brokers, "down", "otlp_proto", false, "all", Duration.ofSeconds(1)),
                Signal.TRACES, new Telemetry());
        try {
            CompletionException failure = assertThrows(CompletionException.class,
                    () -> exporter.consume(TestTraces.request("svc", 2)).toCompletableFuture().join());
            ConsumerException cause = ConsumerException.of(failure);
            assertInstanceOf(RetryableException.class, cause, cause.toString());
            assertTrue(cause.getMessage().contains("down-spans"), cause.getMessage());
        } finally {
            exporter.close();
        }
    }
}
