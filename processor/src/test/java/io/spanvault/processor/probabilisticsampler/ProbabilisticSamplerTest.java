package io.spanvault.processor.probabilisticsampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import io.spanvault.processor.matching.AnyValues;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbabilisticSamplerTest {

    /**
     * Reference values from a line-by-line port of the Go collector's fnvhasher.go and hash_seed decision
     * (Python, float32 rounding via struct), since no Go toolchain is at hand.
     */
    @Test
    void hashAndDecisionsMatchTheGoAlgorithm() {
        TraceIdHashSampler sampler = new TraceIdHashSampler(13.33, 4321);
        assertEquals(0x4d19de23, sampler.hash(TestTraces.traceId(1)));
        assertEquals(0xb9fee455, new TraceIdHashSampler(13.33, 0).hash(ByteString.copyFrom(new byte[16])));
        StringBuilder decisions = new StringBuilder();
        for (int n = 1; n <= 40; n++) {
            decisions.append(sampler.sampled(TestTraces.traceId(n)) ? '1' : '0');
        }
        assertEquals("0000000000000001111000000000000000000000", decisions.toString());
    }

    @Test
    void sameTraceIdSameDecisionAcrossInstances() {
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            ByteString id = randomTraceId(random);
            assertEquals(new TraceIdHashSampler(25, 99).sampled(id), new TraceIdHashSampler(25, 99).sampled(id));
        }
    }

    @Test
    void sampledFractionIsNearThePercentage() {
        for (double pct : new double[] {1, 10, 50, 90}) {
            TraceIdHashSampler sampler = new TraceIdHashSampler(pct, 12345);
            Random random = new Random(42);
            int n = 200_000;
            int sampled = 0;
            for (int i = 0; i < n; i++) {
                if (sampler.sampled(randomTraceId(random))) {
                    sampled++;
                }
            }
            assertEquals(pct, 100.0 * sampled / n, 0.5, "sampling at " + pct + "%");
        }
        assertTrue(new TraceIdHashSampler(0, 1).samplesNothing());
        assertTrue(new TraceIdHashSampler(0.001, 1).samplesNothing(), "below one bucket in 16384");
        assertTrue(new TraceIdHashSampler(100, 1).sampled(TestTraces.traceId(3)));
        assertTrue(new TraceIdHashSampler(250, 1).sampled(TestTraces.traceId(3)), "over 100% means all");
    }

    private static ByteString randomTraceId(Random random) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return ByteString.copyFrom(id);
    }

    private static Span span(long trace, String traceState, Object priority) {
        Span.Builder s = Span.newBuilder().setTraceId(TestTraces.traceId(trace)).setSpanId(TestTraces.spanId(trace))
                .setName("op").setTraceState(traceState);
        if (priority != null) {
            s.addAttributes(KeyValue.newBuilder().setKey("sampling.priority").setValue(AnyValues.fromConfig(priority)));
        }
        return s.build();
    }

    private static ExportTraceServiceRequest request(Span... spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(TestTraces.resource("svc")).addScopeSpans(ScopeSpans.newBuilder()
                        .addAllSpans(java.util.List.of(spans)))).build();
    }

    private static CapturingConsumer<ExportTraceServiceRequest> run(ProbabilisticSamplerConfig config,
            ExportTraceServiceRequest request) {
        CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);
        new ProbabilisticSamplerFactory().create(new ComponentContext(ComponentKind.PROCESSOR,
                ComponentId.parse("probabilistic_sampler"), new Telemetry()), config, Signal.TRACES, out)
                .consume(request).toCompletableFuture().join();
        return out;
    }

    @Test
    void processorKeepsEverySpanOfASampledTraceAndNoneOfAnother() {
        ProbabilisticSamplerConfig config = new ProbabilisticSamplerConfig(13.33, 4321L, null, null);
        // Trace 16 is sampled at 13.33% with seed 4321, trace 1 is not (see the reference decisions above).
        CapturingConsumer<ExportTraceServiceRequest> out = run(config,
                request(span(16, "", null), span(1, "", null), span(16, "", null), span(1, "", null)));
        assertEquals(2, out.itemCount());
        for (Span s : out.received().get(0).getResourceSpans(0).getScopeSpans(0).getSpansList()) {
            assertEquals(TestTraces.traceId(16), s.getTraceId());
        }
    }

    @Test
    void samplingPriorityOverridesTheHash() {
        ProbabilisticSamplerConfig none = new ProbabilisticSamplerConfig(0.0, 0L, null, null);
        ProbabilisticSamplerConfig all = new ProbabilisticSamplerConfig(100.0, 0L, null, null);
        assertEquals(3, run(none, request(span(1, "", 2), span(2, "", 1.0), span(3, "", "0.5"))).itemCount());
        assertEquals(0, run(none, request(span(1, "", -1))).itemCount(), "a negative priority defers");
        assertTrue(run(all, request(span(1, "", 0), span(2, "", 0.0), span(3, "", "0"))).received().isEmpty());
        assertEquals(1, run(all, request(span(1, "", "NaN"))).itemCount());
    }

    @Test
    void sampledSpansGetTheCollectorsRandomnessAndThresholdInTheirTracestate() {
        ProbabilisticSamplerConfig config = new ProbabilisticSamplerConfig(13.33, 4321L, null, null);
        Span kept = run(config, request(span(16, " vendor=x , ,ot=p:8", null))).received().get(0)
                .getResourceSpans(0).getScopeSpans(0).getSpans(0);
        // rv and th as the collector's randomnessFromBytes and hash threshold give them (see the reference above).
        assertEquals("ot=rv:f27c0f05c18360;th:dde4;p:8,vendor=x", kept.getTraceState());
    }

    @Test
    void spansThatCannotBeHashSampledFailClosedByDefault() {
        ProbabilisticSamplerConfig closed = new ProbabilisticSamplerConfig(100.0, 0L, null, null);
        assertEquals(1, run(closed, request(span(1, "vendor=x,ot=rv:80000000000000", null), span(2, "ot=th:8", null),
                span(3, "Bad Key=1", null), span(4, "vendor=x", null), zeroTraceId())).itemCount());
        assertEquals(1, run(closed, request(span(1, "ot=th:8", 1))).itemCount(), "priority still wins");

        ProbabilisticSamplerConfig open = new ProbabilisticSamplerConfig(100.0, 0L, null, false);
        CapturingConsumer<ExportTraceServiceRequest> out = run(open, request(span(1, "ot=th:8", null),
                span(2, "Bad Key=1", null), zeroTraceId()));
        assertEquals(3, out.itemCount(), "fail_closed: false keeps them");
        java.util.List<Span> kept = out.received().get(0).getResourceSpans(0).getScopeSpans(0).getSpansList();
        assertEquals("ot=th:8", kept.get(0).getTraceState(), "existing sampling data is left alone");
        assertEquals("Bad Key=1", kept.get(1).getTraceState());
        assertEquals("ot=rv:ffffffffffffff;th:0", kept.get(2).getTraceState());
    }

    private static Span zeroTraceId() {
        return Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).setSpanId(TestTraces.spanId(9))
                .setName("op").build();
    }

    @Test
    void tracestateSyntaxFollowsTheCollectorsParser() {
        assertEquals("", W3CTraceState.parse("").serialize());
        assertEquals("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7",
                W3CTraceState.parse("congo=t61rcWkgMzE, rojo=00f067aa0ba902b7,,").serialize());
        assertFalse(W3CTraceState.parse("tenant1@sys=v,ot=p:8;x:y").hasSamplingData());
        assertTrue(W3CTraceState.parse("a=1,ot=rv:FD70A3D70A3D71").hasSamplingData());
        assertEquals(0xc0000000000000L, W3CTraceState.parse("ot=p:8;th:c").threshold());
        assertNull(W3CTraceState.parse("ot=rv:123"), "rv needs 14 hex digits");
        assertNull(W3CTraceState.parse("ot=th:123456789abcdef"), "th has at most 14");
        assertNull(W3CTraceState.parse("ot=th:xyz"));
        assertNull(W3CTraceState.parse("ot=TH:8"));
        assertNull(W3CTraceState.parse("1a=b"));
        assertNull(W3CTraceState.parse("a=b,c"));
        assertNull(W3CTraceState.parse("a=b\u0001"), "control characters are not allowed");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            many.append(i == 0 ? "" : ",").append("k").append(i).append("=v");
        }
        assertNull(W3CTraceState.parse(many.toString()), "at most 32 members");
    }

    @Test
    void thresholdsAreWrittenAsTheCollectorWritesThem() {
        assertEquals("0", W3CTraceState.tValue(TraceIdHashSampler.ALWAYS));
        assertEquals("8", W3CTraceState.tValue(0x80000000000000L));
        assertEquals("fd70a3d70a3d71", W3CTraceState.tValue(0xfd70a3d70a3d71L));
        W3CTraceState lower = W3CTraceState.parse("ot=th:c");
        lower.updateThreshold(0x80000000000000L);
        assertEquals("ot=th:c", lower.serialize(), "a recorded lower probability is never raised");
    }

    @Test
    void invalidConfigsNameTheKey() {
        assertEquals("sampling_percentage", assertThrows(InvalidConfigException.class,
                () -> new ProbabilisticSamplerConfig(-1.0, null, null, null)).key());
        assertEquals("sampling_percentage", assertThrows(InvalidConfigException.class,
                () -> new ProbabilisticSamplerConfig(Double.NaN, null, null, null)).key());
        assertEquals("hash_seed", assertThrows(InvalidConfigException.class,
                () -> new ProbabilisticSamplerConfig(10.0, 1L << 32, null, null)).key());
        InvalidConfigException mode = assertThrows(InvalidConfigException.class,
                () -> new ProbabilisticSamplerConfig(10.0, null, "proportional", null));
        assertEquals("mode", mode.key());
        assertTrue(mode.getMessage().contains("not supported"));
        assertEquals(0.0, new ProbabilisticSamplerFactory().defaultConfig().samplingPercentage());
    }
}
