package io.spanvault.processor.spans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.spanvault.pipeline.testkit.TestTraces;
import org.junit.jupiter.api.Test;

class SpanRewriteTest {
    private static final ExportTraceServiceRequest TWO_RESOURCES = ExportTraceServiceRequest.newBuilder()
            .addAllResourceSpans(TestTraces.request("a", 3, 1).getResourceSpansList())
            .addResourceSpans(TestTraces.request("b", 2, 2).getResourceSpans(0).toBuilder()
                    .addScopeSpans(TestTraces.request("b", 2, 3).getResourceSpans(0).getScopeSpans(0)))
            .build();

    @Test
    void keepingEverySpanReturnsTheSameRequest() {
        assertSame(TWO_RESOURCES, SpanRewrite.apply(TWO_RESOURCES, (r, s, span) -> span));
    }

    @Test
    void emptiedGroupsAreRemovedAndUntouchedGroupsReused() {
        ExportTraceServiceRequest out = SpanRewrite.apply(TWO_RESOURCES,
                (r, s, span) -> r.getAttributes(0).getValue().getStringValue().equals("a") ? null : span);
        assertEquals(1, out.getResourceSpansCount());
        assertSame(TWO_RESOURCES.getResourceSpans(1), out.getResourceSpans(0));
    }

    @Test
    void droppingSomeSpansKeepsTheirGroupsInOrder() {
        ExportTraceServiceRequest out = SpanRewrite.apply(TWO_RESOURCES,
                (r, s, span) -> span.getName().equals("op-1") ? null : span);
        assertEquals(2, out.getResourceSpans(0).getScopeSpans(0).getSpansCount());
        assertEquals("op-2", out.getResourceSpans(0).getScopeSpans(0).getSpans(1).getName());
        ResourceSpans b = out.getResourceSpans(1);
        assertEquals(2, b.getScopeSpansCount());
        assertEquals(1, b.getScopeSpans(1).getSpansCount());
        assertSame(TWO_RESOURCES.getResourceSpans(1).getResource(), b.getResource());
    }

    @Test
    void replacedSpansTakeTheirPlace() {
        ExportTraceServiceRequest out = SpanRewrite.apply(TWO_RESOURCES,
                (r, s, span) -> span.getName().equals("op-0") ? span.toBuilder().setName("renamed").build() : span);
        assertEquals("renamed", out.getResourceSpans(0).getScopeSpans(0).getSpans(0).getName());
        assertEquals("op-1", out.getResourceSpans(0).getScopeSpans(0).getSpans(1).getName());
    }

    @Test
    void groupsWithoutSpansAreRemovedLikeTheCollectorDoes() {
        ExportTraceServiceRequest withEmpty = TWO_RESOURCES.toBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.getDefaultInstance())).build();
        assertEquals(2, SpanRewrite.apply(withEmpty, (r, s, span) -> span).getResourceSpansCount());
    }
}
