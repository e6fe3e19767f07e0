package io.spanvault.kafka.receiver;

import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.kafka.client.AuthConfig;
import io.spanvault.kafka.client.DefaultTopics;
import io.spanvault.kafka.client.Encoding;
import io.spanvault.kafka.client.KafkaConnection;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code kafka} receiver's config, keyed as the Collector's kafkareceiver: {@code brokers}, {@code client_id},
 * {@code tls}, {@code auth} as the exporter's; per signal {@code traces}, {@code metrics}, {@code logs} with
 * {@code topics} (default {@code otlp_spans}, {@code otlp_metrics}, {@code otlp_logs}) and {@code encoding}
 * (the older top-level {@code topic} and {@code encoding} apply where a section does not say);
 * {@code group_id} ({@code otel-collector}), {@code initial_offset} ({@code latest} or {@code earliest}),
 * {@code session_timeout} (10s), {@code heartbeat_interval} (3s), {@code min_fetch_size} (1),
 * {@code max_fetch_size} (0: the client's default), {@code max_fetch_wait} (250ms),
 * {@code max_partition_fetch_size} (1048576), {@code autocommit}, {@code message_marking}.
 * {@code max_in_flight_messages} (Spanvault's, default 64) bounds the messages read but not yet accepted by the
 * pipeline; past it the receiver pauses its partitions instead of reading further.
 */
public record KafkaReceiverConfig(List<String> brokers, String protocolVersion, String clientId, String topic,
        String encoding, ReceiverTopics traces, ReceiverTopics metrics, ReceiverTopics logs, String groupId,
        String initialOffset, Duration sessionTimeout, Duration heartbeatInterval, Integer minFetchSize,
        Integer maxFetchSize, Duration maxFetchWait, Integer maxPartitionFetchSize, AutoCommit autocommit,
        MessageMarking messageMarking, Integer maxInFlightMessages, TlsConfig tls, AuthConfig auth) {

    public KafkaReceiverConfig {
        groupId = groupId == null || groupId.isBlank() ? "otel-collector" : groupId;
        initialOffset = initialOffset == null ? "latest" : initialOffset.trim().toLowerCase(Locale.ROOT);
        sessionTimeout = sessionTimeout == null ? Duration.ofSeconds(10) : sessionTimeout;
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(3) : heartbeatInterval;
        minFetchSize = minFetchSize == null ? 1 : minFetchSize;
        maxFetchSize = maxFetchSize == null ? 0 : maxFetchSize;
        maxFetchWait = maxFetchWait == null ? Duration.ofMillis(250) : maxFetchWait;
        maxPartitionFetchSize = maxPartitionFetchSize == null ? 1_048_576 : maxPartitionFetchSize;
        autocommit = autocommit == null ? AutoCommit.defaults() : autocommit;
        messageMarking = messageMarking == null ? MessageMarking.defaults() : messageMarking;
        maxInFlightMessages = maxInFlightMessages == null ? 64 : maxInFlightMessages;
        if (!initialOffset.equals("latest") && !initialOffset.equals("earliest")) {
            throw new InvalidConfigException("initial_offset", "should be one of 'latest' or 'earliest', got '"
                    + initialOffset + "'");
        }
        if (minFetchSize < 1) {
            throw new InvalidConfigException("min_fetch_size", "must be at least 1, got " + minFetchSize);
        }
        if (maxFetchSize < 0 || (maxFetchSize > 0 && maxFetchSize < minFetchSize)) {
            throw new InvalidConfigException("max_fetch_size", "must be 0 or at least min_fetch_size, got " + maxFetchSize);
        }
        if (maxPartitionFetchSize < 1) {
            throw new InvalidConfigException("max_partition_fetch_size", "must be positive");
        }
        if (maxInFlightMessages < 1) {
            throw new InvalidConfigException("max_in_flight_messages", "must be positive, got " + maxInFlightMessages);
        }
        if (heartbeatInterval.compareTo(sessionTimeout) >= 0) {
            throw new InvalidConfigException("heartbeat_interval", "must be shorter than session_timeout");
        }
        Encoding.parse("encoding", encoding);
        for (Signal<?> signal : Signal.all()) {
            ReceiverTopics section = section(signal, traces, metrics, logs);
            if (section != null) {
                Encoding.parse(signal.name() + ".encoding", section.encoding());
                if (section.topics() != null && (section.topics().isEmpty()
                        || section.topics().stream().anyMatch(t -> t == null || t.isBlank()))) {
                    throw new InvalidConfigException(signal.name() + ".topics", "must list topic names");
                }
            }
        }
        new KafkaConnection(brokers, clientId, tls, auth);
    }

    public static KafkaReceiverConfig defaults() {
        return new KafkaReceiverConfig(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
    }

    public KafkaConnection connection() {
        return new KafkaConnection(brokers, clientId, tls, auth);
    }

    public List<String> topics(Signal<?> signal) {
        ReceiverTopics section = section(signal, traces, metrics, logs);
        if (section != null && section.topics() != null) {
            return section.topics();
        }
        return List.of(topic != null && !topic.isBlank() ? topic : DefaultTopics.of(signal));
    }

    public Encoding encoding(Signal<?> signal) {
        ReceiverTopics section = section(signal, traces, metrics, logs);
        return Encoding.parse("encoding", section != null && section.encoding() != null ? section.encoding() : encoding);
    }

    /** The Java consumer's properties. Offsets are committed by the receiver, never by the client on its own. */
    Map<String, Object> properties() {
        Map<String, Object> props = connection().properties();
        props.put("group.id", groupId);
        props.put("auto.offset.reset", initialOffset);
        props.put("enable.auto.commit", false);
        props.put("session.timeout.ms", (int) sessionTimeout.toMillis());
        props.put("heartbeat.interval.ms", (int) heartbeatInterval.toMillis());
        props.put("fetch.min.bytes", minFetchSize);
        if (maxFetchSize > 0) {
            props.put("fetch.max.bytes", maxFetchSize);
        }
        props.put("fetch.max.wait.ms", (int) maxFetchWait.toMillis());
        props.put("max.partition.fetch.bytes", maxPartitionFetchSize);
        props.put("max.poll.records", maxInFlightMessages);
        return props;
    }

    private static ReceiverTopics section(Signal<?> signal, ReceiverTopics traces, ReceiverTopics metrics,
            ReceiverTopics logs) {
        return switch (signal.name()) {
            case "traces" -> traces;
            case "metrics" -> metrics;
            default -> logs;
        };
    }
}
