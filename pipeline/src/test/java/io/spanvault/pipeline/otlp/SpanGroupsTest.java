package io.spanvault.pipeline.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.testkit.TestTraces;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanGroupsTest {
    private static Span span(long trace, long id) {
        return TestTraces.span(TestTraces.traceId(trace), TestTraces.spanId(id), "op", 1, 2);
    }

    @Test
    void eachSpanKeepsItsResourceAndScopeAndWholeScopesAreReused() {
        ScopeSpans mixed = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("lib"))
                .setSchemaUrl("s").addSpans(span(1, 1)).addSpans(span(2, 2)).addSpans(span(1, 3)).build();
        ScopeSpans onlyTwo = ScopeSpans.newBuilder().addSpans(span(2, 4)).build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans
                .newBuilder().setResource(TestTraces.resource("a")).setSchemaUrl("r").addScopeSpans(mixed)
                .addScopeSpans(onlyTwo)).addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(TestTraces.resource("b")).addScopeSpans(ScopeSpans.newBuilder()
                                .addSpans(span(1, 5)))).build();

        Map<ByteString, ExportTraceServiceRequest> parts = SpanGroups.split(request, Span::getTraceId);

        assertEquals(List.of(TestTraces.traceId(1), TestTraces.traceId(2)), List.copyOf(parts.keySet()));
        ExportTraceServiceRequest one = parts.get(TestTraces.traceId(1));
        assertEquals(2, one.getResourceSpansCount());
        assertEquals(TestTraces.resource("a"), one.getResourceSpans(0).getResource());
        assertEquals("r", one.getResourceSpans(0).getSchemaUrl());
        ScopeSpans scope = one.getResourceSpans(0).getScopeSpans(0);
        assertEquals("lib", scope.getScope().getName());
        assertEquals("s", scope.getSchemaUrl());
        assertEquals(List.of(span(1, 1), span(1, 3)), scope.getSpansList());
        assertEquals(List.of(span(1, 5)), one.getResourceSpans(1).getScopeSpans(0).getSpansList());
        ExportTraceServiceRequest two = parts.get(TestTraces.traceId(2));
        assertEquals(List.of(span(2, 2)), two.getResourceSpans(0).getScopeSpans(0).getSpansList());
        assertSame(onlyTwo, two.getResourceSpans(0).getScopeSpans(1), "a scope of one key is reused");
    }

    @Test
    void aRequestOfOneKeyComesBackAsItselfAndOneWithoutSpansAsNothing() {
        ExportTraceServiceRequest request = TestTraces.request("svc", 3, 7);
        assertSame(request, SpanGroups.split(request, Span::getTraceId).get(TestTraces.traceId(7)));
        assertSame(request, SpanGroups.split(request, span -> "k").get("k"));
        assertEquals(Map.of(), SpanGroups.split(ExportTraceServiceRequest.getDefaultInstance(), span -> "k"));
    }
}
