package io.spanvault.query.apiv3;

import static io.spanvault.pipeline.testkit.TestTraces.resource;
import static io.spanvault.pipeline.testkit.TestTraces.span;
import static io.spanvault.pipeline.testkit.TestTraces.spanId;
import static io.spanvault.pipeline.testkit.TestTraces.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSummaryTest {

    @Test
    void rootIsTheEarliestSpanWithoutParentAndCountsArePerService() {
        Span child = span(traceId(1), spanId(2), "SELECT", 1_000, 5_000).toBuilder().setParentSpanId(spanId(1))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)).build();
        Span orphan = span(traceId(1), spanId(3), "late child", 500, 900).toBuilder().setParentSpanId(spanId(9))
                .build();
        Span root = span(traceId(1), spanId(1), "GET /", 800, 9_000);
        TracesData trace = TracesData.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource("db"))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(child).addSpans(orphan)))
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource("frontend"))
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(root)))
                .build();

        TraceSummary summary = TraceSummary.of(trace);

        assertEquals(TraceId.of(traceId(1)), summary.traceId());
        assertEquals("frontend", summary.rootServiceName());
        assertEquals("GET /", summary.rootOperationName());
        assertEquals(500, summary.minStartTimeUnixNano());
        assertEquals(9_000, summary.maxEndTimeUnixNano());
        assertEquals(3, summary.spanCount());
        assertEquals(1, summary.errorSpanCount());
        assertEquals(Map.of("db", new TraceSummary.ServiceCount(2, 1), "frontend",
                new TraceSummary.ServiceCount(1, 0)), summary.services());
    }

    @Test
    void withoutAParentlessSpanTheEarliestSpanIsTheRoot() {
        Span late = span(traceId(1), spanId(2), "late", 2_000, 3_000).toBuilder().setParentSpanId(spanId(8)).build();
        Span early = span(traceId(1), spanId(3), "early", 1_000, 3_000).toBuilder().setParentSpanId(spanId(9))
                .build();
        TracesData trace = TracesData.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource("svc")).addScopeSpans(ScopeSpans.newBuilder().addSpans(late).addSpans(early)))
                .build();

        assertEquals("early", TraceSummary.of(trace).rootOperationName());
    }
}
