package io.spanvault.kafka.exporter;

import com.google.protobuf.Message;
import io.spanvault.exporter.sending.SendingExporter;
import io.spanvault.exporter.sending.SendingMetrics;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.signal.Signal;

/** {@code kafka}: writes every signal to a Kafka topic, acknowledged once Kafka acknowledged it. */
public final class KafkaExporterFactory implements ExporterFactory<KafkaExporterConfig> {

    @Override
    public String type() {
        return "kafka";
    }

    @Override
    public Class<KafkaExporterConfig> configType() {
        return KafkaExporterConfig.class;
    }

    @Override
    public KafkaExporterConfig defaultConfig() {
        return KafkaExporterConfig.defaults();
    }

    @Override
    public <T extends Message> Exporter<T> create(ComponentContext context, KafkaExporterConfig config,
            Signal<T> signal) {
        String name = context.id() + "/" + signal.name();
        KafkaProducerClient<T> client = new KafkaProducerClient<>(config, signal, name,
                new KafkaExporterMetrics(context));
        return new SendingExporter<>(context, signal, config.retryOnFailure(), config.sendingQueue(),
                config.timeout(), new SendingMetrics(context, signal), client);
    }
}
