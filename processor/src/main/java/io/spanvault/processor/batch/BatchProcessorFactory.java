package io.spanvault.processor.batch;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;

/** Creates {@code batch} processors, for every signal. */
public final class BatchProcessorFactory implements ProcessorFactory<BatchConfig> {

    @Override
    public String type() {
        return "batch";
    }

    @Override
    public Class<BatchConfig> configType() {
        return BatchConfig.class;
    }

    @Override
    public BatchConfig defaultConfig() {
        return new BatchConfig(null, null, null, null);
    }

    @Override
    public <T extends Message> Processor<T> create(ComponentContext context, BatchConfig config, Signal<T> signal,
            SignalConsumer<T> next) {
        return new BatchProcessor<>(signal, config, next, new BatchMetrics(context.telemetry(), context.id().toString()));
    }
}
