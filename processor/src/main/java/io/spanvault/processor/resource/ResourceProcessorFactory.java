package io.spanvault.processor.resource;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.processor.actions.AttributeActions;

/** Creates {@code resource} processors, for every signal. */
public final class ResourceProcessorFactory implements ProcessorFactory<ResourceConfig> {

    @Override
    public String type() {
        return "resource";
    }

    @Override
    public Class<ResourceConfig> configType() {
        return ResourceConfig.class;
    }

    @Override
    public ResourceConfig defaultConfig() {
        return new ResourceConfig(null);
    }

    @Override
    public <T extends Message> Processor<T> create(ComponentContext context, ResourceConfig config,
            Signal<T> signal, SignalConsumer<T> next) {
        if (config.attributes().isEmpty()) {
            throw new InvalidConfigException("attributes", "at least one action is required");
        }
        return new ResourceProcessor<>(AttributeActions.compile(config.attributes()), next);
    }
}
