package io.spanvault.processor.memorylimiter;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import java.time.Duration;

/**
 * Creates {@code memory_limiter} processors. Each pipeline's instance measures on its own timer (the
 * collector shares one per id); the measurement is cheap and a forced GC is rate-limited per instance.
 */
public final class MemoryLimiterFactory implements ProcessorFactory<MemoryLimiterConfig> {

    @Override
    public String type() {
        return "memory_limiter";
    }

    @Override
    public Class<MemoryLimiterConfig> configType() {
        return MemoryLimiterConfig.class;
    }

    @Override
    public MemoryLimiterConfig defaultConfig() {
        return new MemoryLimiterConfig(null, null, null, null, null, null, null);
    }

    @Override
    public <T extends Message> Processor<T> create(ComponentContext context, MemoryLimiterConfig config,
            Signal<T> signal, SignalConsumer<T> next) {
        return create(context, config, signal, next, HeapUsage.jvm());
    }

    <T extends Message> Processor<T> create(ComponentContext context, MemoryLimiterConfig config, Signal<T> signal,
            SignalConsumer<T> next, HeapUsage heap) {
        config.requireSettings();
        long max = heap.maxBytes();
        MemoryWatch watch = new MemoryWatch(heap, System::nanoTime, config.limitBytes(max), config.spikeBytes(max),
                config.checkInterval(), config.minGcIntervalWhenSoftLimited(), config.minGcIntervalWhenHardLimited());
        Counter refused = context.telemetry().counter("otelcol_processor_refused_" + signal.itemName(),
                "Number of " + signal.itemName() + " that were rejected by the next component in the pipeline.",
                Labels.of("processor", context.id().toString()));
        return new MemoryLimiterProcessor<>(watch, context.id().toString(), signal, refused,
                retryAfter(config.checkInterval()), next);
    }

    /** Retry-After is whole seconds: the next check, rounded up, at least one second. */
    private static Duration retryAfter(Duration checkInterval) {
        long seconds = (checkInterval.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
