package io.spanvault.processor.probabilisticsampler;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.otlp.Attributes;
import io.spanvault.processor.spans.SpanRewrite;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Keeps the spans whose trace falls in the sampled share, deciding per span exactly as the collector's
 * hash_seed mode does (its {@code commonShouldSampleLogic}). A span cannot be hash-sampled when its trace id
 * is all zeros, its tracestate does not parse, or the tracestate already carries OpenTelemetry sampling data
 * ({@code ot=rv:}/{@code th:}); then {@code fail_closed} (default true) drops it, else keeps it. A
 * {@code sampling.priority} of 0 then drops the span and a positive one keeps it. A kept span whose
 * tracestate parsed gets the collector's {@code ot=rv:...;th:...} written into it.
 */
final class ProbabilisticSamplerProcessor implements Processor<ExportTraceServiceRequest> {
    private enum Priority { DEFER, MUST_SAMPLE, MUST_DROP }

    private final TraceIdHashSampler sampler;
    private final boolean failClosed;
    private final SamplingCounts counts;
    private final SignalConsumer<ExportTraceServiceRequest> next;

    ProbabilisticSamplerProcessor(TraceIdHashSampler sampler, boolean failClosed, SamplingCounts counts,
            SignalConsumer<ExportTraceServiceRequest> next) {
        this.sampler = sampler;
        this.failClosed = failClosed;
        this.counts = counts;
        this.next = next;
    }

    @Override
    public CompletionStage<Void> consume(ExportTraceServiceRequest request) {
        ExportTraceServiceRequest kept;
        try {
            kept = SpanRewrite.apply(request, (resource, scope, span) -> sample(span));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (kept.getResourceSpansCount() == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return next.consume(kept);
    }

    /** The span to pass on (with its tracestate updated when sampled), or null to drop it. */
    Span sample(Span span) {
        W3CTraceState traceState = W3CTraceState.parse(span.getTraceState());
        long randomness;
        long threshold;
        String policy;
        W3CTraceState carrier;
        if (sampler.samplesNothing()) {
            // The collector's "never" sampler only checks that the tracestate parses.
            randomness = TraceIdHashSampler.ANY_RANDOMNESS;
            policy = SamplingCounts.SAMPLING_PRIORITY;
            carrier = traceState;
            threshold = traceState == null ? onError() : TraceIdHashSampler.NEVER;
        } else {
            boolean missing = isZero(span.getTraceId());
            randomness = missing ? TraceIdHashSampler.ANY_RANDOMNESS : sampler.randomness(span.getTraceId());
            policy = missing ? SamplingCounts.MISSING_RANDOMNESS : SamplingCounts.TRACE_ID_HASH;
            carrier = traceState == null || traceState.hasSamplingData() ? null : traceState;
            if (carrier != null) {
                carrier.setRandomness(randomness);
            }
            threshold = carrier == null || missing ? onError() : sampler.threshold();
        }
        Priority priority = priority(span);
        if (priority != Priority.DEFER) {
            threshold = priority == Priority.MUST_SAMPLE ? TraceIdHashSampler.ALWAYS : TraceIdHashSampler.NEVER;
            policy = SamplingCounts.SAMPLING_PRIORITY;
        }
        boolean sampled = randomness >= threshold;
        counts.count(policy, sampled);
        if (!sampled) {
            return null;
        }
        if (carrier == null) {
            return span;
        }
        carrier.updateThreshold(threshold);
        String updated = carrier.serialize();
        return updated.equals(span.getTraceState()) ? span : span.toBuilder().setTraceState(updated).build();
    }

    private long onError() {
        return failClosed ? TraceIdHashSampler.NEVER : TraceIdHashSampler.ALWAYS;
    }

    private static boolean isZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
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
