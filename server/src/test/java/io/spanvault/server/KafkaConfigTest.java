package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kafka components' keys as a user writes them: Collector configs validate, mistakes name their key. */
class KafkaConfigTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int validate(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run("validate", "--config", file.toString());
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aCollectorStyleKafkaTierValidates() throws Exception {
        assertEquals(0, validate("""
                receivers:
                  kafka:
                    brokers: [kafka-1:9092, kafka-2:9092]
                    group_id: ingest
                    initial_offset: earliest
                    traces:
                      topics: [otlp_spans]
                      encoding: otlp_json
                    message_marking:
                      after: true
                      on_error: false
                    auth:
                      sasl:
                        mechanism: SCRAM-SHA-512
                        username: u
                        password: p
                exporters:
                  kafka:
                    brokers: [localhost:9092]
                    topic: spans
                    encoding: otlp_proto
                    partition_traces_by_id: true
                    producer:
                      required_acks: all
                      compression: zstd
                      max_message_bytes: 2000000
                    sending_queue:
                      queue_size: 100
                service:
                  pipelines:
                    traces:
                      receivers: [kafka]
                      exporters: [kafka]
                """), err());
    }

    @Test
    void anUnsupportedEncodingNamesTheSignalsKey() throws Exception {
        assertEquals(1, validate("""
                exporters:
                  kafka:
                    traces:
                      encoding: jaeger_proto
                service:
                  pipelines:
                    traces:
                      receivers: []
                      exporters: [kafka]
                """));
        assertTrue(err().contains("exporters.kafka.traces.encoding: 'jaeger_proto' is not supported; use otlp_proto or otlp_json"),
                err());
    }

    @Test
    void badValuesNameTheirKey() throws Exception {
        assertEquals(1, validate("""
                receivers:
                  kafka:
                    initial_offset: oldest
                exporters:
                  kafka:
                    producer:
                      required_acks: 2
                      compression: brotli
                service:
                  pipelines:
                    traces:
                      receivers: [kafka]
                      exporters: [kafka]
                """));
        assertTrue(err().contains("receivers.kafka.initial_offset: should be one of 'latest' or 'earliest', got 'oldest'"),
                err());
        assertTrue(err().contains("exporters.kafka.producer.required_acks: expected 'all' (-1), 0 or 1, got '2'"),
                err());
    }
}
