package io.spanvault.processor.memorylimiter;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Creates {@code memory_limiter} processors. As in the collector, the instances of one id (one per pipeline)
 * share one watch: one timer, one refusal flag, one GC rate limit. Watches are kept per service (its
 * telemetry) and id, weakly, so a stopped service's watches go with it.
 */
public final class MemoryLimiterFactory implements ProcessorFactory<MemoryLimiterConfig> {
    private final Map<Telemetry, Map<ComponentId, MemoryWatch>> watches = new WeakHashMap<>();

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
        MemoryWatch watch = watch(context, () -> {
            long max = heap.maxBytes();
            return new MemoryWatch(heap, System::nanoTime, config.limitBytes(max), config.spikeBytes(max),
                    config.checkInterval(), config.minGcIntervalWhenSoftLimited(),
                    config.minGcIntervalWhenHardLimited());
        });
        Counter refused = context.telemetry().counter("otelcol_processor_refused_" + signal.itemName(),
                "Number of " + signal.itemName() + " that were rejected by the next component in the pipeline.",
                Labels.of("processor", context.id().toString()));
        return new MemoryLimiterProcessor<>(watch, context.id().toString(), signal, refused,
                retryAfter(config.checkInterval()), next);
    }

    private synchronized MemoryWatch watch(ComponentContext context, Supplier<MemoryWatch> create) {
        return watches.computeIfAbsent(context.telemetry(), t -> new HashMap<>())
                .computeIfAbsent(context.id(), id -> create.get());
    }

    /** Retry-After is whole seconds: the next check, rounded up, at least one second. */
    private static Duration retryAfter(Duration checkInterval) {
        long seconds = (checkInterval.toMillis() + 999) / 1000;
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
