package io.spanvault.kafka.testkit;

import com.google.protobuf.Message;
import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.kafka.client.SignalTopic;
import io.spanvault.kafka.exporter.KafkaExporterConfig;
import io.spanvault.kafka.exporter.KafkaExporterFactory;
import io.spanvault.kafka.exporter.ProducerSettings;
import io.spanvault.kafka.receiver.AutoCommit;
import io.spanvault.kafka.receiver.KafkaReceiver;
import io.spanvault.kafka.receiver.KafkaReceiverConfig;
import io.spanvault.kafka.receiver.KafkaReceiverFactory;
import io.spanvault.kafka.receiver.MessageMarking;
import io.spanvault.kafka.receiver.ReceiverTopics;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.time.Duration;
import java.util.List;

/** The kafka exporter and receiver built as the service builds them, for tests. */
public final class Components {
    private Components() {
    }

    /** An exporter config for one topic per signal, without sending queue or retries so failures show. */
    public static KafkaExporterConfig exporterConfig(String brokers, String topicPrefix, String encoding,
            boolean partitionById, String acks, Duration timeout) {
        return new KafkaExporterConfig(List.of(brokers), null, "spanvault-test", null, encoding,
                new SignalTopic(topicPrefix + "-spans", null), new SignalTopic(topicPrefix + "-metrics", null),
                new SignalTopic(topicPrefix + "-logs", null), partitionById, timeout, RetryConfig.disabled(),
                QueueConfig.disabled(), new ProducerSettings(null, acks, null, null, Duration.ZERO, null),
                (TlsConfig) null, null);
    }

    public static <T extends Message> Exporter<T> exporter(KafkaExporterConfig config, Signal<T> signal,
            Telemetry telemetry) throws Exception {
        Exporter<T> exporter = new KafkaExporterFactory().create(
                new ComponentContext(ComponentKind.EXPORTER, ComponentId.parse("kafka"), telemetry), config, signal);
        exporter.start(null);
        return exporter;
    }

    public static KafkaReceiverConfig receiverConfig(String brokers, String topicPrefix, String encoding,
            String group, int maxInFlight, boolean markAfter) {
        return new KafkaReceiverConfig(List.of(brokers), null, "spanvault-test", null, encoding,
                new ReceiverTopics(List.of(topicPrefix + "-spans"), null),
                new ReceiverTopics(List.of(topicPrefix + "-metrics"), null),
                new ReceiverTopics(List.of(topicPrefix + "-logs"), null), group, "earliest", Duration.ofSeconds(6),
                Duration.ofSeconds(1), null, null, Duration.ofMillis(50), null,
                new AutoCommit(true, Duration.ofMillis(100)), new MessageMarking(markAfter, false), maxInFlight,
                null, null);
    }

    public static KafkaReceiver receiver(KafkaReceiverConfig config, ReceiverConsumers consumers,
            Telemetry telemetry) {
        KafkaReceiver receiver = new KafkaReceiverFactory().create(
                new ComponentContext(ComponentKind.RECEIVER, ComponentId.parse("kafka"), telemetry), config, consumers);
        receiver.start(null);
        return receiver;
    }
}
