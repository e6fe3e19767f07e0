package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.kafka.testkit.KafkaBroker;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kafka receiver's at-least-once promise in the real server: a Spanvault reading a topic into its store is
 * killed with SIGKILL while messages keep arriving, then started again on the same store and group; every
 * message produced must end up stored (duplicates allowed, never none).
 */
class KafkaKillNineEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("Everything is ready");
    private static final int MESSAGES = 300;
    private static KafkaBroker broker;

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

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

    @Test
    void everyMessageProducedWhileTheConsumerIsKilledIsStoredAtLeastOnce() throws Exception {
        String topic = broker.createTopic("kill-nine", 3);
        int queryPort = KafkaBroker.freePort();
        Path config = Files.writeString(dir.resolve("config.yaml"), StoredTraces.storePipeline("""
                  kafka:
                    brokers: [%s]
                    group_id: kill-nine
                    initial_offset: earliest
                    traces:
                      topics: [%s]
                    max_in_flight_messages: 16
                    session_timeout: 6s
                    heartbeat_interval: 1s
                """.formatted(broker.bootstrap(), topic), "kafka", "", dir.resolve("data"), queryPort,
                "      level: none"));
        List<ExportTraceServiceRequest> produced = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", broker.bootstrap(),
                "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            try (ServerProcess consumer = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(),
                    "--config", config.toString())) {
                consumer.await(READY, WAIT);
                for (int i = 1; i <= MESSAGES / 2; i++) {
                    produced.add(send(producer, topic, i));
                    Thread.sleep(5);
                }
                // mid-stream: some messages stored, some in flight, some not yet read
                awaitStored(queryPort, produced.get(0), consumer);
                consumer.kill(WAIT);
            }
            for (int i = MESSAGES / 2 + 1; i <= MESSAGES; i++) {
                produced.add(send(producer, topic, i));
            }
        }
        try (ServerProcess restarted = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(),
                "--config", config.toString())) {
            restarted.await(READY, WAIT);
            for (ExportTraceServiceRequest request : produced) {
                awaitStored(queryPort, request, restarted);
            }
            assertTrue(restarted.terminate(WAIT) >= 0);
        }
    }

    private void awaitStored(int queryPort, ExportTraceServiceRequest request, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int status;
        do {
            status = StoredTraces.trace(http, queryPort, request).statusCode();
            if (status != 200) {
                Thread.sleep(100);
            }
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status, "trace " + HexFormat.of().formatHex(request.getResourceSpans(0).getScopeSpans(0)
                .getSpans(0).getTraceId().toByteArray()) + " was never stored; server output:\n" + server.output());
    }

    /** One message: a trace of two spans that started a second ago, within the store's retention. */
    private static ExportTraceServiceRequest send(KafkaProducer<byte[], byte[]> producer, String topic, long seed)
            throws Exception {
        ExportTraceServiceRequest request = StoredTraces.startedASecondAgo("kill-nine", seed, 2);
        producer.send(new ProducerRecord<>(topic, request.toByteArray())).get(30, TimeUnit.SECONDS);
        return request;
    }
}
