package io.spanvault.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.kafka.receiver.KafkaReceiver;
import io.spanvault.kafka.testkit.Components;
import io.spanvault.kafka.testkit.EveryField;
import io.spanvault.kafka.testkit.KafkaBroker;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The exporter and the receiver against a real broker: what goes in comes out, field for field. */
class KafkaRoundTripTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.startOrSkip();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"otlp_proto", "otlp_json"})
    void everyFieldOfEverySignalArrivesUnchanged(String encoding) throws Exception {
        String prefix = "roundtrip-" + encoding + "-" + UUID.randomUUID().toString().substring(0, 6);
        Telemetry telemetry = new Telemetry();
        ExportTraceServiceRequest traces = EveryField.of(ExportTraceServiceRequest.getDefaultInstance());
        ExportMetricsServiceRequest metrics = EveryField.of(ExportMetricsServiceRequest.getDefaultInstance());
        ExportLogsServiceRequest logs = EveryField.of(ExportLogsServiceRequest.getDefaultInstance());
        var config = Components.exporterConfig(broker.bootstrap(), prefix, encoding, false, "all", Duration.ofSeconds(30));
        Exporter<ExportTraceServiceRequest> traceExporter = Components.exporter(config, Signal.TRACES, telemetry);
        Exporter<ExportMetricsServiceRequest> metricExporter = Components.exporter(config, Signal.METRICS, telemetry);
        Exporter<ExportLogsServiceRequest> logExporter = Components.exporter(config, Signal.LOGS, telemetry);
        try {
            traceExporter.consume(traces).toCompletableFuture().join();
            metricExporter.consume(metrics).toCompletableFuture().join();
            logExporter.consume(logs).toCompletableFuture().join();
        } finally {
            traceExporter.close();
            metricExporter.close();
            logExporter.close();
        }

        CapturingConsumer<ExportTraceServiceRequest> gotTraces = new CapturingConsumer<>(Signal.TRACES);
        CapturingConsumer<ExportMetricsServiceRequest> gotMetrics = new CapturingConsumer<>(Signal.METRICS);
        CapturingConsumer<ExportLogsServiceRequest> gotLogs = new CapturingConsumer<>(Signal.LOGS);
        KafkaReceiver receiver = Components.receiver(
                Components.receiverConfig(broker.bootstrap(), prefix, encoding, prefix, 16, true),
                new ReceiverConsumers(Map.of(Signal.TRACES, gotTraces, Signal.METRICS, gotMetrics, Signal.LOGS, gotLogs)),
                telemetry);
        try {
            gotTraces.awaitItems(Signal.TRACES.itemCount(traces), WAIT);
            gotMetrics.awaitItems(Signal.METRICS.itemCount(metrics), WAIT);
            gotLogs.awaitItems(Signal.LOGS.itemCount(logs), WAIT);
        } finally {
            receiver.close();
        }
        // at-least-once: a rebalance while the three consumers join may deliver a message twice, never altered
        assertArrivedUnchanged(traces, gotTraces.received());
        assertArrivedUnchanged(metrics, gotMetrics.received());
        assertArrivedUnchanged(logs, gotLogs.received());
    }

    private static <T> void assertArrivedUnchanged(T sent, List<T> received) {
        assertTrue(!received.isEmpty(), "nothing arrived");
        for (T arrived : received) {
            assertEquals(sent, arrived);
        }
    }

    @Test
    void partitionTracesByIdSendsOneMessagePerTraceKeyedByItsId() throws Exception {
        String prefix = "by-id-" + UUID.randomUUID().toString().substring(0, 6);
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int trace = 1; trace <= 10; trace++) {
            request.addAllResourceSpans(TestTraces.request("svc-" + trace % 2, 3, trace).getResourceSpansList());
        }
        var config = Components.exporterConfig(broker.bootstrap(), prefix, "otlp_proto", true, "1", Duration.ofSeconds(30));
        Exporter<ExportTraceServiceRequest> exporter = Components.exporter(config, Signal.TRACES, new Telemetry());
        try {
            exporter.consume(request.build()).toCompletableFuture().join();
        } finally {
            exporter.close();
        }

        Map<String, Integer> partitionByKey = new HashMap<>();
        Set<String> keys = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                "group.id", prefix, "auto.offset.reset", "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(prefix + "-spans"));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (keys.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(record.key(), StandardCharsets.US_ASCII);
                    ExportTraceServiceRequest trace = ExportTraceServiceRequest.parseFrom(record.value());
                    List<Span> spans = trace.getResourceSpans(0).getScopeSpans(0).getSpansList();
                    assertEquals(3, spans.size());
                    for (Span span : spans) {
                        assertEquals(key, HexFormat.of().formatHex(span.getTraceId().toByteArray()));
                    }
                    assertTrue(keys.add(key), "one message per trace, got " + key + " twice");
                    partitionByKey.put(key, record.partition());
                }
            }
        }
        assertEquals(10, keys.size());
    }

    @Test
    void aPipelineThatHoldsItsAnswersPausesReadingAtTheInFlightBound() throws Exception {
        String prefix = "pause-" + UUID.randomUUID().toString().substring(0, 6);
        var config = Components.exporterConfig(broker.bootstrap(), prefix, "otlp_proto", false, "1", Duration.ofSeconds(30));
        Exporter<ExportTraceServiceRequest> exporter = Components.exporter(config, Signal.TRACES, new Telemetry());
        try {
            for (int i = 1; i <= 40; i++) {
                exporter.consume(TestTraces.request("svc", 1, i)).toCompletableFuture().join();
            }
        } finally {
            exporter.close();
        }
        java.util.concurrent.CompletableFuture<Void> gate = new java.util.concurrent.CompletableFuture<>();
        CapturingConsumer<ExportTraceServiceRequest> held = new CapturingConsumer<>(Signal.TRACES);
        held.answerWith(request -> gate);
        KafkaReceiver receiver = Components.receiver(
                Components.receiverConfig(broker.bootstrap(), prefix, "otlp_proto", prefix, 5, true),
                ReceiverConsumers.of(Signal.TRACES, (SignalConsumer<ExportTraceServiceRequest>) held), new Telemetry());
        try {
            held.awaitItems(5, WAIT);
            Thread.sleep(1500);
            assertEquals(5, held.itemCount(), "read past max_in_flight_messages while the pipeline held its answers");
            held.answerWith(request -> java.util.concurrent.CompletableFuture.completedFuture(null));
            gate.complete(null);
            held.awaitItems(40, WAIT);
        } finally {
            receiver.close();
        }
    }

    @Test
    void aRefusedMessageIsRetriedAndItsOffsetCommittedOnlyOnceAccepted() throws Exception {
        String prefix = "refused-" + UUID.randomUUID().toString().substring(0, 6);
        var config = Components.exporterConfig(broker.bootstrap(), prefix, "otlp_proto", false, "1", Duration.ofSeconds(30));
        Exporter<ExportTraceServiceRequest> exporter = Components.exporter(config, Signal.TRACES, new Telemetry());
        try {
            exporter.consume(TestTraces.request("svc", 4, 7)).toCompletableFuture().join();
        } finally {
            exporter.close();
        }
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        CapturingConsumer<ExportTraceServiceRequest> refusing = new CapturingConsumer<>(Signal.TRACES);
        refusing.answerWith(request -> calls.incrementAndGet() <= 3
                ? java.util.concurrent.CompletableFuture.failedFuture(
                        new io.spanvault.pipeline.consumer.RetryableException("store is down", null))
                : java.util.concurrent.CompletableFuture.completedFuture(null));
        KafkaReceiver receiver = Components.receiver(
                Components.receiverConfig(broker.bootstrap(), prefix, "otlp_proto", prefix, 8, true),
                ReceiverConsumers.of(Signal.TRACES, (SignalConsumer<ExportTraceServiceRequest>) refusing), new Telemetry());
        try {
            refusing.awaitItems(4 * 2, WAIT);
            assertTrue(committed(prefix) <= 0, "committed past the message the pipeline refused");
            refusing.awaitItems(4 * 4, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (committed(prefix) != 1 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, committed(prefix));
        } finally {
            receiver.close();
        }
        assertEquals(4, calls.get(), "retried after it was accepted");
    }

    @Test
    void messagesReadTogetherGoAsOneRequestAndOneRefusedForGoodDropsOnlyItself() throws Exception {
        String prefix = "merged-" + UUID.randomUUID().toString().substring(0, 6);
        try (var admin = broker.admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(prefix + "-spans", 1, (short) 1)))
                    .all().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        var config = Components.exporterConfig(broker.bootstrap(), prefix, "otlp_proto", false, "1", Duration.ofSeconds(30));
        Exporter<ExportTraceServiceRequest> exporter = Components.exporter(config, Signal.TRACES, new Telemetry());
        try {
            for (int i = 1; i <= 6; i++) {
                exporter.consume(TestTraces.request("svc", 2, i)).toCompletableFuture().join();
            }
        } finally {
            exporter.close();
        }
        Set<com.google.protobuf.ByteString> stored = java.util.concurrent.ConcurrentHashMap.newKeySet();
        CapturingConsumer<ExportTraceServiceRequest> pipeline = new CapturingConsumer<>(Signal.TRACES);
        pipeline.answerWith(request -> {
            Set<com.google.protobuf.ByteString> traces = traceIds(request);
            if (traces.contains(TestTraces.traceId(4))) {
                return java.util.concurrent.CompletableFuture.failedFuture(
                        new io.spanvault.pipeline.consumer.PermanentException("trace 4 is malformed"));
            }
            stored.addAll(traces);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        });
        KafkaReceiver receiver = Components.receiver(
                Components.receiverConfig(broker.bootstrap(), prefix, "otlp_proto", prefix, 16, true),
                ReceiverConsumers.of(Signal.TRACES, (SignalConsumer<ExportTraceServiceRequest>) pipeline), new Telemetry());
        try {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (committed(prefix) != 6 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(6, committed(prefix), "every message marked, the refused one too");
        } finally {
            receiver.close();
        }
        assertEquals(Set.of(TestTraces.traceId(1), TestTraces.traceId(2), TestTraces.traceId(3), TestTraces.traceId(5),
                TestTraces.traceId(6)), stored, "only the refused message is dropped");
        assertTrue(pipeline.received().stream().anyMatch(request -> traceIds(request).size() > 1),
                "messages read by one poll went to the pipeline as one request");
    }

    private static Set<com.google.protobuf.ByteString> traceIds(ExportTraceServiceRequest request) {
        Set<com.google.protobuf.ByteString> ids = new HashSet<>();
        request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> ss.getSpansList()
                .forEach(span -> ids.add(span.getTraceId()))));
        return ids;
    }

    /** The group's committed offset of the spans topic's partitions, summed; -1 when none. */
    private static long committed(String prefix) throws Exception {
        try (var admin = broker.admin()) {
            var offsets = admin.listConsumerGroupOffsets(prefix).partitionsToOffsetAndMetadata()
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            long sum = -1;
            for (var offset : offsets.values()) {
                if (offset != null) {
                    sum = Math.max(sum, 0) + offset.offset();
                }
            }
            return sum;
        }
    }
}
