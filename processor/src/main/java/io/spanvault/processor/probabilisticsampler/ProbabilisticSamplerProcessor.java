package io.spanvault.processor.probabilisticsampler;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.processor.matching.Attributes;
import io.spanvault.processor.spans.SpanRewrite;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keeps the spans whose trace id falls in the sampled share, deciding per span exactly as the collector's
 * hash_seed mode: a {@code sampling.priority} attribute of 0 drops the span and a positive one keeps it;
 * a span whose tracestate already carries OpenTelemetry sampling data ({@code ot=rv:} or {@code th:}) or
 * does not parse is dropped, since the collector refuses to hash-sample it. Unlike the collector, sampled
 * spans' tracestate is left as it is (the collector adds {@code ot=rv:...;th:...}).
 */
final class ProbabilisticSamplerProcessor implements Processor<ExportTraceServiceRequest> {
    private enum Priority { DEFER, MUST_SAMPLE, MUST_DROP }

    private final TraceIdHashSampler sampler;
    private final SamplingCounts counts;
    private final SignalConsumer<ExportTraceServiceRequest> next;

    ProbabilisticSamplerProcessor(TraceIdHashSampler sampler, SamplingCounts counts,
            SignalConsumer<ExportTraceServiceRequest> next) {
        this.sampler = sampler;
        this.counts = counts;
        this.next = next;
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest request) {
        ExportTraceServiceRequest kept;
        try {
            kept = sample(request);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (kept.getResourceSpansCount() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return next.consume(kept);
    }

    private ExportTraceServiceRequest sample(ExportTraceServiceRequest request) {
        return SpanRewrite.apply(request, (resource, scope, span) -> keep(span) ? span : null);
    }

    boolean keep(Span span) {
        Priority priority = priority(span);
        if (priority == Priority.MUST_DROP) {
            counts.priorityDropped.increment();
            return false;
        }
        boolean sampled;
        if (TraceStateCheck.of(span.getTraceState()) != TraceStateCheck.CLEAN) {
            sampled = priority == Priority.MUST_SAMPLE;
        } else {
            sampled = priority == Priority.MUST_SAMPLE || sampler.sampled(span.getTraceId());
        }
        if (priority == Priority.MUST_SAMPLE) {
            counts.prioritySampled.increment();
        } else if (sampled) {
            counts.hashSampled.increment();
        } else {
            counts.hashDropped.increment();
        }
        return sampled;
    }

    /** The OpenTracing {@code sampling.priority} hint, read from ints, doubles and numeric strings. */
    private static Priority priority(Span span) {
        AnyValue v = Attributes.get(span.getAttributesList(), "sampling.priority");
        if (v == null) {
            return Priority.DEFER;
        }
        double value;
        switch (v.getValueCase()) {
            case INT_VALUE -> value = v.getIntValue();
            case DOUBLE_VALUE -> value = v.getDoubleValue();
            case STRING_VALUE -> {
                try {
                    value = Double.parseDouble(v.getStringValue().strip());
                } catch (NumberFormatException e) {
                    return Priority.DEFER;
                }
            }
            default -> {
                return Priority.DEFER;
            }
        }
        if (value == 0) {
            return Priority.MUST_DROP;
        }
        return value > 0 ? Priority.MUST_SAMPLE : Priority.DEFER;
    }
}
