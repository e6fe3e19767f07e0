package io.spanvault.pipeline.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.testkit.TestTraces;
import org.junit.jupiter.api.Test;

class SpanIdValidatorTest {

    @Test
    void aValidRequestPassesUntouched() {
        ExportTraceServiceRequest request = TestTraces.request("svc", 5);
        SpanIdValidator.Result result = SpanIdValidator.validate(request);
        assertTrue(result.allValid());
        assertSame(request, result.accepted());
    }

    @Test
    void dropsOnlyTheSpansWithBadIds() {
        ExportTraceServiceRequest valid = TestTraces.request("svc", 4);
        Span good = valid.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        ExportTraceServiceRequest request = valid.toBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(
                        valid.getResourceSpans(0).getScopeSpans(0).toBuilder().clearSpans()
                                .addSpans(good.toBuilder().setName("short").setTraceId(ByteString.copyFrom(new byte[15])))
                                .addSpans(good.toBuilder().setName("zero").setTraceId(ByteString.copyFrom(new byte[16])))
                                .addSpans(good.toBuilder().setName("nospan").setSpanId(ByteString.EMPTY))))
                .build();

        SpanIdValidator.Result result = SpanIdValidator.validate(request);

        assertEquals(3, result.rejectedSpans());
        assertEquals(4, Signal.TRACES.itemCount(result.accepted()));
        assertEquals(1, result.accepted().getResourceSpansCount(), "a resource left without spans is dropped");
        assertTrue(result.message().contains("'short': trace_id must be 16 bytes, got 15"), result.message());
        assertTrue(result.message().contains("'zero': trace_id must not be all zero"), result.message());
        assertTrue(result.message().contains("'nospan': span_id must be 8 bytes, got 0"), result.message());
    }
}
