package io.spanvault.kafka.receiver;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.Receiver;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kafka} receiver: one consumer (and thread) per signal its pipelines use, all in the consumer group
 * {@code group_id}, each reading that signal's topics.
 */
public final class KafkaReceiver implements Receiver {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaReceiver.class);
    /** How long close waits for the pipeline's answers to messages in flight. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final ComponentContext context;
    private final KafkaReceiverConfig config;
    private final ReceiverConsumers consumers;
    private final List<TopicConsumer<?>> running = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public KafkaReceiver(ComponentContext context, KafkaReceiverConfig config, ReceiverConsumers consumers) {
        this.context = context;
        this.config = config;
        this.consumers = consumers;
    }

    @Override
    public void start(Host host) {
        for (Signal<?> signal : Signal.all()) {
            startSignal(signal);
        }
    }

    private <T extends Message> void startSignal(Signal<T> signal) {
        SignalConsumer<T> next = consumers.get(signal).orElse(null);
        if (next == null) {
            return;
        }
        String name = context.id() + "/" + signal.name();
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.properties(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        List<String> topics = config.topics(signal);
        TopicConsumer<T> loop = new TopicConsumer<>(consumer, topics, signal, config.encoding(signal), next,
                config.messageMarking(), config.autocommit().commitEvery(), config.maxInFlightMessages(),
                DRAIN_TIMEOUT, new KafkaReceiverMetrics(context, signal), name);
        Thread thread = new Thread(loop, "spanvault-kafka-receiver-" + name);
        thread.setDaemon(true);
        running.add(loop);
        threads.add(thread);
        thread.start();
        LOG.info("receiver {} reads {} from Kafka topics {} as group {} ({})", context.id(), signal.name(), topics,
                config.groupId(), String.join(",", config.connection().brokers()));
    }

    @Override
    public void stopAccepting() {
        running.forEach(TopicConsumer::stop);
    }

    /** Stops reading, waits for the answers to what was handed on, commits what was marked and leaves the group. */
    @Override
    public void close() {
        stopAccepting();
        for (Thread thread : threads) {
            try {
                thread.join(DRAIN_TIMEOUT.plusSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
