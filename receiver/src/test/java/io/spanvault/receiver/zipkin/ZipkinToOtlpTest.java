package io.spanvault.receiver.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The translation rules the Collector's Zipkin translator applies, one at a time. */
class ZipkinToOtlpTest {

    @Test
    void withoutParseStringTagsEveryTagStaysAString() {
        Span span = only(translate(false, "{\"n\":\"42\",\"f\":\"1.5\",\"b\":\"true\"}"));
        assertEquals(Map.of("n", AnyValue.ValueCase.STRING_VALUE, "f", AnyValue.ValueCase.STRING_VALUE,
                "b", AnyValue.ValueCase.STRING_VALUE), cases(span));
    }

    @Test
    void parseStringTagsTypesIntsDoublesAndGoBooleans() {
        Span span = only(translate(true, "{\"n\":\"42\",\"f\":\"1.5\",\"b\":\"True\",\"d\":\"1d\",\"s\":\"x\"}"));
        assertEquals(Map.of("n", AnyValue.ValueCase.INT_VALUE, "f", AnyValue.ValueCase.DOUBLE_VALUE,
                "b", AnyValue.ValueCase.BOOL_VALUE, "d", AnyValue.ValueCase.STRING_VALUE,
                "s", AnyValue.ValueCase.STRING_VALUE), cases(span));
    }

    @Test
    void statusComesFromOtelTagsAndAnyErrorTag() {
        Span ok = only(translate(false, "{\"otel.status_code\":\"STATUS_CODE_OK\"}"));
        assertEquals(Status.StatusCode.STATUS_CODE_OK, ok.getStatus().getCode());
        assertTrue(ok.getAttributesList().isEmpty());

        Span described = only(translate(false,
                "{\"otel.status_code\":\"STATUS_CODE_ERROR\",\"otel.status_description\":\"boom\"}"));
        assertEquals("boom", described.getStatus().getMessage());

        Span braveError = only(translate(false, "{\"error\":\"timeout\"}"));
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, braveError.getStatus().getCode());
        assertEquals("error", braveError.getAttributes(0).getKey());
    }

    @Test
    void internalKindTraceStateAndAbsentTimestamp() {
        ExportTraceServiceRequest request = new ZipkinToOtlp(false).translate(ZipkinJsonV2Decoder.decode(stream(
                "[{\"traceId\":\"1\",\"id\":\"2\",\"parentId\":\"2\",\"duration\":7,"
                        + "\"tags\":{\"span.kind\":\"internal\",\"w3c.tracestate\":\"a=b\"}}]")));
        Span span = only(request);
        assertEquals(Span.SpanKind.SPAN_KIND_INTERNAL, span.getKind());
        assertEquals("a=b", span.getTraceState());
        assertTrue(span.getParentSpanId().isEmpty(), "a parent id equal to the span id is dropped");
        assertEquals(0, span.getStartTimeUnixNano());
        assertEquals(7000, span.getEndTimeUnixNano());
        assertEquals(ZipkinToOtlp.START_TIME_ABSENT, span.getAttributes(0).getKey());
        assertTrue(request.getResourceSpans(0).getResource().getAttributesList().isEmpty(),
                "no local service, no service.name");
    }

    @Test
    void spansAreGroupedByServiceThenScope() {
        ExportTraceServiceRequest request = new ZipkinToOtlp(false).translate(ZipkinJsonV2Decoder.decode(stream("""
                [{"traceId":"1","id":"1","localEndpoint":{"serviceName":"b"},"tags":{"otel.library.name":"x"}},
                 {"traceId":"1","id":"2","localEndpoint":{"serviceName":"a"}},
                 {"traceId":"1","id":"3","localEndpoint":{"serviceName":"b"},"tags":{"otel.library.name":"y"}},
                 {"traceId":"1","id":"4","localEndpoint":{"serviceName":"b"},"tags":{"otel.library.name":"x"}}]
                """)));
        assertEquals(List.of("a", "b"), request.getResourceSpansList().stream()
                .map(r -> r.getResource().getAttributes(0).getValue().getStringValue()).toList());
        var b = request.getResourceSpans(1);
        assertEquals(List.of("x", "y"), b.getScopeSpansList().stream().map(s -> s.getScope().getName()).toList());
        assertEquals(2, b.getScopeSpans(0).getSpansCount());
        assertTrue(b.getScopeSpans(0).getSpans(0).getAttributesList().stream()
                .noneMatch(a -> a.getKey().startsWith("otel.library")), "scope tags are not attributes");
    }

    @Test
    void linkTagsBecomeLinksAsTheCollectorPacksThem() {
        Span span = only(translate(false, """
                {"otlp.link.0":"0102030405060708090a0b0c0d0e0f10|0102030405060708|state|{\\"attr1\\":\\"value1\\",\\"attr2\\":123,\\"pipe\\":\\"a|b\\"}|2",
                 "otlp.link.1":"too|few|parts","kept":"yes"}"""));
        assertEquals(1, span.getLinksCount());
        Span.Link link = span.getLinks(0);
        assertEquals("0102030405060708090a0b0c0d0e0f10", HexFormat.of().formatHex(link.getTraceId().toByteArray()));
        assertEquals("0102030405060708", HexFormat.of().formatHex(link.getSpanId().toByteArray()));
        assertEquals("state", link.getTraceState());
        assertEquals(2, link.getDroppedAttributesCount());
        Map<String, AnyValue> attributes = link.getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
        assertEquals("value1", attributes.get("attr1").getStringValue());
        assertEquals(123, attributes.get("attr2").getIntValue());
        assertEquals("a|b", attributes.get("pipe").getStringValue());
        assertEquals(Map.of("kept", AnyValue.ValueCase.STRING_VALUE), cases(span), "link tags are not attributes");
    }

    @Test
    void aLinkTagThatDoesNotParseFailsTheRequest() {
        ZipkinFormatException e = assertThrows(ZipkinFormatException.class,
                () -> translate(false, "{\"otlp.link.0\":\"xyz|0102030405060708||{}|0\"}"));
        assertTrue(e.getMessage().contains("otlp.link.0"), e.getMessage());
    }

    @Test
    void packedAnnotationsBecomeEventsWithAttributesAndFreeTextStaysTheName() {
        Span span = only(new ZipkinToOtlp(false).translate(ZipkinJsonV2Decoder.decode(stream("""
                [{"traceId":"1","id":"2","timestamp":1,"annotations":[
                  {"timestamp":5,"value":"retry|{\\"attempt\\":2,\\"ratio\\":0.5,\\"ok\\":true}|1"},
                  {"timestamp":6,"value":"cache|miss|hot"},
                  {"timestamp":7,"value":"plain"}]}]"""))));
        Span.Event retry = span.getEvents(0);
        assertEquals("retry", retry.getName());
        assertEquals(1, retry.getDroppedAttributesCount());
        assertEquals(List.of("attempt", "ratio", "ok"), retry.getAttributesList().stream().map(KeyValue::getKey)
                .toList());
        assertEquals(2, retry.getAttributes(0).getValue().getIntValue());
        assertEquals(0.5, retry.getAttributes(1).getValue().getDoubleValue());
        assertTrue(retry.getAttributes(2).getValue().getBoolValue());
        assertEquals("cache|miss|hot", span.getEvents(1).getName());
        assertEquals(0, span.getEvents(1).getAttributesCount());
        assertEquals("plain", span.getEvents(2).getName());
    }

    private static ExportTraceServiceRequest translate(boolean parse, String tags) {
        return new ZipkinToOtlp(parse).translate(ZipkinJsonV2Decoder.decode(stream(
                "[{\"traceId\":\"1\",\"id\":\"2\",\"timestamp\":1,\"tags\":" + tags + "}]")));
    }

    private static Span only(ExportTraceServiceRequest request) {
        return request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    }

    private static Map<String, AnyValue.ValueCase> cases(Span span) {
        return span.getAttributesList().stream().collect(Collectors.toMap(KeyValue::getKey,
                a -> a.getValue().getValueCase()));
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
