package io.spanvault.processor.tailsampling;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.util.List;
import java.util.function.LongSupplier;

/** Creates {@code tail_sampling} processors for traces. */
public final class TailSamplingProcessorFactory implements ProcessorFactory<TailSamplingConfig> {
    private static final LongSupplier WALL_CLOCK_SECOND = () -> System.currentTimeMillis() / 1000;

    @Override
    public String type() {
        return "tail_sampling";
    }

    @Override
    public Class<TailSamplingConfig> configType() {
        return TailSamplingConfig.class;
    }

    @Override
    public TailSamplingConfig defaultConfig() {
        return new TailSamplingConfig(null, null, null, null, null, null);
    }

    @Override
    public List<Signal<?>> signals() {
        return List.of(Signal.TRACES);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Message> Processor<T> create(ComponentContext context, TailSamplingConfig config,
            Signal<T> signal, SignalConsumer<T> next) {
        if (signal != Signal.TRACES) {
            throw new IllegalArgumentException("the tail_sampling processor handles only traces");
        }
        try {
            config.requirePolicies();
        } catch (InvalidConfigException e) {
            throw e.under(context.kind().section() + "." + context.id());
        }
        return (Processor<T>) create(context, config, (SignalConsumer<ExportTraceServiceRequest>) next,
                System::nanoTime, WALL_CLOCK_SECOND);
    }

    /** With the clocks given, so tests can move time. */
    static TailSamplingProcessor create(ComponentContext context, TailSamplingConfig config,
            SignalConsumer<ExportTraceServiceRequest> next, LongSupplier nanoClock, LongSupplier currentSecond) {
        List<NamedPolicy> policies = config.policies().stream()
                .map(p -> new NamedPolicy(p.name(), p.policy(currentSecond))).toList();
        TailSamplingProcessor processor = new TailSamplingProcessor(context.id().toString(), config, policies, next,
                nanoClock);
        processor.metrics(new TailSamplingMetrics(context, policies.stream().map(NamedPolicy::name).toList(),
                processor::tracesOnMemory));
        return processor;
    }
}
