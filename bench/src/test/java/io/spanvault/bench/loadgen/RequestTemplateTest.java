package io.spanvault.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {

    @Test
    void stampsEveryTraceIdWithTheSequenceAndLeavesTheRestIntact() throws Exception {
        ExportTraceServiceRequest original = SpanShape.TESTBED.request(100, 1_000L);
        RequestTemplate template = new RequestTemplate(original);

        ExportTraceServiceRequest first = ExportTraceServiceRequest.parseFrom(template.encode(1));
        ExportTraceServiceRequest second = ExportTraceServiceRequest.parseFrom(template.encode(2));

        assertEquals(100, template.spans());
        Set<Object> traceIds = new HashSet<>();
        for (ExportTraceServiceRequest request : List.of(first, second)) {
            for (Span span : spans(request)) {
                traceIds.add(span.getTraceId());
            }
        }
        assertEquals(200, traceIds.size(), "every testbed span is its own trace, new per request");
        Span stamped = spans(first).get(7);
        Span plain = spans(original).get(7);
        assertNotEquals(plain.getTraceId(), stamped.getTraceId());
        assertEquals(plain.toBuilder().setTraceId(stamped.getTraceId()).build(), stamped);
    }

    @Test
    void testbedBatchIsTheDataProvidersRequestOneTraceOfRootSpansNewPerRequest() throws Exception {
        RequestTemplate template = new RequestTemplate(SpanShape.TESTBED_BATCH.request(100, 1_000L));
        ExportTraceServiceRequest first = ExportTraceServiceRequest.parseFrom(template.encode(1));
        ExportTraceServiceRequest second = ExportTraceServiceRequest.parseFrom(template.encode(2));

        assertEquals(1, first.getResourceSpansCount());
        assertTrue(first.getResourceSpans(0).hasResource());
        assertEquals(0, first.getResourceSpans(0).getResource().getAttributesCount());
        assertEquals(1, first.getResourceSpans(0).getScopeSpansCount());
        assertEquals("", first.getResourceSpans(0).getScopeSpans(0).getScope().getName());
        List<Span> spans = spans(first);
        assertEquals(100, spans.size());
        Set<Object> traceIds = new HashSet<>();
        Set<Object> spanIds = new HashSet<>();
        for (Span span : spans) {
            traceIds.add(span.getTraceId());
            spanIds.add(span.getSpanId());
            assertTrue(span.getParentSpanId().isEmpty());
            assertEquals("load-generator-span", span.getName());
            assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, span.getKind());
            assertEquals(1_000_000L, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
            assertEquals(List.of("load_generator.span_seq_num", "load_generator.trace_seq_num"),
                    span.getAttributesList().stream().map(a -> a.getKey()).toList());
        }
        assertEquals(1, traceIds.size(), "the testbed puts a request's spans in one trace");
        assertEquals(100, spanIds.size());
        assertNotEquals(spans.get(0).getTraceId(), spans(second).get(0).getTraceId());
    }

    @Test
    void realisticTracesAreFiveLevelTreesOfTwentySpansWithRichSpans() throws Exception {
        RequestTemplate template = new RequestTemplate(SpanShape.REALISTIC.request(100, 1_000L));
        List<Span> spans = spans(ExportTraceServiceRequest.parseFrom(template.encode(9)));

        Set<Object> traceIds = new HashSet<>();
        spans.forEach(s -> traceIds.add(s.getTraceId()));
        assertEquals(5, traceIds.size());
        assertEquals(5, depth(spans, spans.get(SpanShape.SPANS_PER_TRACE - 1)));
        assertEquals(20, spans.get(3).getAttributesCount());
        assertEquals(2, spans.get(3).getEventsCount());
    }

    @Test
    void traces10GroupsTestbedSpansIntoTracesOfTenUnderOneRoot() throws Exception {
        RequestTemplate template = new RequestTemplate(SpanShape.TRACES10.request(100, 1_000L));
        List<Span> first = spans(ExportTraceServiceRequest.parseFrom(template.encode(1)));
        List<Span> second = spans(ExportTraceServiceRequest.parseFrom(template.encode(2)));

        Set<Object> traceIds = new HashSet<>();
        first.forEach(s -> traceIds.add(s.getTraceId()));
        assertEquals(10, traceIds.size());
        second.forEach(s -> traceIds.add(s.getTraceId()));
        assertEquals(20, traceIds.size(), "new traces per request");
        for (int i = 0; i < first.size(); i++) {
            assertEquals(i % 10 == 0 ? 1 : 2, depth(first, first.get(i)), "span " + i);
            assertEquals(2, first.get(i).getAttributesCount());
        }
    }

    @Test
    void stampingOneBufferInPlaceAgainAndAgainGivesWhatAFreshCopyWouldCarry() {
        ExportTraceServiceRequest request = SpanShape.TRACES10.request(30, 1_000L);
        for (EncodedRequests template : List.of(new RequestTemplate(request), new ZipkinJsonTemplate(request))) {
            byte[] buffer = new byte[7 + template.size()];
            template.copyTo(buffer, 7);
            for (long sequence : new long[] {1, 0x0123456789abcdefL, -1L, 42}) {
                template.stamp(buffer, 7, sequence);
                assertArrayEquals(template.encode(sequence), Arrays.copyOfRange(buffer, 7, buffer.length),
                        template.getClass().getSimpleName() + " " + sequence);
                if (template instanceof ZipkinJsonTemplate) {
                    assertTrue(new String(buffer, java.nio.charset.StandardCharsets.US_ASCII)
                            .contains("\"" + java.util.HexFormat.of().toHexDigits(sequence)), "hex of " + sequence);
                }
            }
            assertNotEquals(Arrays.toString(template.encode(1)), Arrays.toString(template.encode(2)));
        }
    }

    private static int depth(List<Span> spans, Span span) {
        int depth = 1;
        Span current = span;
        while (!current.getParentSpanId().isEmpty()) {
            Span child = current;
            current = spans.stream().filter(s -> s.getTraceId().equals(child.getTraceId())
                    && s.getSpanId().equals(child.getParentSpanId())).findFirst().orElseThrow();
            depth++;
        }
        return depth;
    }

    private static List<Span> spans(ExportTraceServiceRequest request) {
        return request.getResourceSpans(0).getScopeSpans(0).getSpansList();
    }
}
