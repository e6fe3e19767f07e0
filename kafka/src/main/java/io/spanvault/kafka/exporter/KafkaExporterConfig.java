package io.spanvault.kafka.exporter;

import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.kafka.client.AuthConfig;
import io.spanvault.kafka.client.DefaultTopics;
import io.spanvault.kafka.client.Encoding;
import io.spanvault.kafka.client.KafkaConnection;
import io.spanvault.kafka.client.SignalTopic;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.List;

/**
 * The {@code kafka} exporter's config, keyed as the Collector's kafkaexporter: {@code brokers}
 * ({@code localhost:9092}), {@code client_id} ({@code otel-collector}), per signal {@code traces},
 * {@code metrics}, {@code logs} with {@code topic} ({@code otlp_spans}, {@code otlp_metrics},
 * {@code otlp_logs}) and {@code encoding} ({@code otlp_proto} or {@code otlp_json}); the older top-level
 * {@code topic} and {@code encoding} apply to every signal whose section does not set them.
 * {@code partition_traces_by_id} sends one message per trace keyed by its hex trace id. {@code timeout} (5s)
 * bounds one attempt: waiting for metadata and for the acknowledgement {@code producer.required_acks} asks
 * for. {@code protocol_version} is accepted and unused: the Java client negotiates versions with the broker.
 */
public record KafkaExporterConfig(List<String> brokers, String protocolVersion, String clientId, String topic,
        String encoding, SignalTopic traces, SignalTopic metrics, SignalTopic logs, Boolean partitionTracesById,
        Duration timeout, RetryConfig retryOnFailure, QueueConfig sendingQueue, ProducerSettings producer,
        TlsConfig tls, AuthConfig auth) {

    public KafkaExporterConfig {
        partitionTracesById = partitionTracesById == null ? Boolean.FALSE : partitionTracesById;
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        retryOnFailure = retryOnFailure == null ? RetryConfig.defaults() : retryOnFailure;
        sendingQueue = sendingQueue == null ? QueueConfig.defaults() : sendingQueue;
        producer = producer == null ? ProducerSettings.defaults() : producer;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigException("timeout", "must be positive");
        }
        Encoding.parse("encoding", encoding);
        for (String signal : List.of("traces", "metrics", "logs")) {
            SignalTopic section = switch (signal) {
                case "traces" -> traces;
                case "metrics" -> metrics;
                default -> logs;
            };
            if (section != null) {
                Encoding.parse(signal + ".encoding", section.encoding());
                if (section.topic() != null && section.topic().isBlank()) {
                    throw new InvalidConfigException(signal + ".topic", "must not be empty");
                }
            }
        }
        connection(brokers, clientId, tls, auth);
    }

    public static KafkaExporterConfig defaults() {
        return new KafkaExporterConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    public KafkaConnection connection() {
        return connection(brokers, clientId, tls, auth);
    }

    private static KafkaConnection connection(List<String> brokers, String clientId, TlsConfig tls, AuthConfig auth) {
        return new KafkaConnection(brokers, clientId, tls, auth);
    }

    /** The topic a signal is written to: its section's, else the top-level {@code topic}, else the default. */
    public String topic(Signal<?> signal) {
        SignalTopic section = section(signal);
        if (section != null && section.topic() != null) {
            return section.topic();
        }
        return topic != null && !topic.isBlank() ? topic : DefaultTopics.of(signal);
    }

    public Encoding encoding(Signal<?> signal) {
        SignalTopic section = section(signal);
        String value = section != null && section.encoding() != null ? section.encoding() : encoding;
        return Encoding.parse("encoding", value);
    }

    private SignalTopic section(Signal<?> signal) {
        return switch (signal.name()) {
            case "traces" -> traces;
            case "metrics" -> metrics;
            default -> logs;
        };
    }
}
