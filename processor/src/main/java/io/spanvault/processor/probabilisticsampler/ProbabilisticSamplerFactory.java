package io.spanvault.processor.probabilisticsampler;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.util.List;

/** Creates {@code probabilistic_sampler} processors for traces. */
public final class ProbabilisticSamplerFactory implements ProcessorFactory<ProbabilisticSamplerConfig> {

    @Override
    public String type() {
        return "probabilistic_sampler";
    }

    @Override
    public Class<ProbabilisticSamplerConfig> configType() {
        return ProbabilisticSamplerConfig.class;
    }

    @Override
    public ProbabilisticSamplerConfig defaultConfig() {
        return new ProbabilisticSamplerConfig(null, null, null, null);
    }

    @Override
    public List<Signal<?>> signals() {
        return List.of(Signal.TRACES);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Message> Processor<T> create(ComponentContext context, ProbabilisticSamplerConfig config,
            Signal<T> signal, SignalConsumer<T> next) {
        if (signal != Signal.TRACES) {
            throw new IllegalArgumentException("the probabilistic_sampler processor handles only traces");
        }
        return (Processor<T>) new ProbabilisticSamplerProcessor(
                new TraceIdHashSampler(config.samplingPercentage(), config.hashSeed()), config.failClosed(),
                new SamplingCounts(context), (SignalConsumer<ExportTraceServiceRequest>) next);
    }
}
