package io.spanvault.processor.filter;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.processor.filter.condition.Condition;
import io.spanvault.processor.filter.condition.ConditionContext;
import io.spanvault.processor.filter.condition.ConditionParser;
import io.spanvault.processor.filter.condition.Item;
import io.spanvault.processor.matching.Selection;
import java.util.List;

/** Creates {@code filter} processors for traces. */
public final class FilterProcessorFactory implements ProcessorFactory<FilterConfig> {

    @Override
    public String type() {
        return "filter";
    }

    @Override
    public Class<FilterConfig> configType() {
        return FilterConfig.class;
    }

    @Override
    public FilterConfig defaultConfig() {
        return new FilterConfig(null, null, null);
    }

    @Override
    public List<Signal<?>> signals() {
        return List.of(Signal.TRACES);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Message> Processor<T> create(ComponentContext context, FilterConfig config, Signal<T> signal,
            SignalConsumer<T> next) {
        if (signal != Signal.TRACES) {
            throw new IllegalArgumentException("the filter processor handles only traces");
        }
        Condition dropSpan = null;
        Condition dropEvent = null;
        if (config.spans() != null) {
            Selection selection = Selection.of(config.spans().include(), config.spans().exclude());
            if (!selection.selectsAll()) {
                dropSpan = item -> !selection.selectsSpan(item.resource(), item.scope(), item.span());
            }
        } else if (config.traces() != null) {
            dropSpan = anyOf(config.traces().span(), ConditionContext.SPAN);
            dropEvent = anyOf(config.traces().spanevent(), ConditionContext.SPANEVENT);
        }
        var dropped = context.telemetry().counter("otelcol_processor_filter_spans_filtered",
                "Number of spans dropped by the filter processor", Labels.of("processor", context.id().toString()));
        return (Processor<T>) new FilterProcessor(dropSpan, dropEvent, dropped,
                (SignalConsumer<ExportTraceServiceRequest>) next);
    }

    private static Condition anyOf(List<String> conditions, ConditionContext context) {
        if (conditions.isEmpty()) {
            return null;
        }
        List<Condition> parsed = conditions.stream().map(c -> ConditionParser.parse(c, context)).toList();
        return (Item item) -> {
            for (Condition c : parsed) {
                if (c.test(item)) {
                    return true;
                }
            }
            return false;
        };
    }
}
