package io.spanvault.kafka.receiver;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.component.ReceiverFactory;

/** Creates {@code kafka} receivers: OTLP messages from Kafka topics, committed once the pipeline accepted them. */
public final class KafkaReceiverFactory implements ReceiverFactory<KafkaReceiverConfig> {

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public Class<KafkaReceiverConfig> configType() {
        return KafkaReceiverConfig.class;
    }

    @Override
    public KafkaReceiverConfig defaultConfig() {
        return KafkaReceiverConfig.defaults();
    }

    @Override
    public KafkaReceiver create(ComponentContext context, KafkaReceiverConfig config, ReceiverConsumers consumers) {
        return new KafkaReceiver(context, config, consumers);
    }
}
