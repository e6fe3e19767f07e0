package io.spanvault.processor.attributes;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.processor.actions.AttributeActions;
import io.spanvault.processor.matching.Selection;
import java.util.List;

/** Creates {@code attributes} processors for traces (span attributes) and logs (log record attributes). */
public final class AttributesProcessorFactory implements ProcessorFactory<AttributesConfig> {

    @Override
    public String type() {
        return "attributes";
    }

    @Override
    public Class<AttributesConfig> configType() {
        return AttributesConfig.class;
    }

    @Override
    public AttributesConfig defaultConfig() {
        return new AttributesConfig(null, null, null);
    }

    @Override
    public List<Signal<?>> signals() {
        return List.of(Signal.TRACES, Signal.LOGS);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Message> Processor<T> create(ComponentContext context, AttributesConfig config,
            Signal<T> signal, SignalConsumer<T> next) {
        if (config.actions().isEmpty()) {
            throw new InvalidConfigException("actions", "at least one action is required");
        }
        AttributeActions actions = AttributeActions.compile(config.actions());
        if (signal == Signal.TRACES) {
            return (Processor<T>) new SpanAttributesProcessor(actions,
                    Selection.of(config.include(), config.exclude()),
                    (SignalConsumer<ExportTraceServiceRequest>) next);
        }
        if (signal == Signal.LOGS) {
            return (Processor<T>) new LogAttributesProcessor(actions,
                    Selection.ofRecords(config.include(), config.exclude()),
                    (SignalConsumer<ExportLogsServiceRequest>) next);
        }
        throw new IllegalArgumentException("the attributes processor does not handle " + signal);
    }
}
