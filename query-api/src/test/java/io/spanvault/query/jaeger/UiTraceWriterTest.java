package io.spanvault.query.jaeger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.spanvault.storage.TraceId;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class UiTraceWriterTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode write(JaegerTrace trace) throws Exception {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            UiTraceWriter.write(g, trace);
        }
        return MAPPER.readTree(out.toString());
    }

    @Test
    void jaegerUiModelVectorConvertsFieldByField() throws Exception {
        JaegerTrace domain = JaegerDomainJson.trace(MAPPER.readTree(JaegerVectors.read("uimodel_domain_01.json")));
        JsonNode expected = MAPPER.readTree(JaegerVectors.read("uimodel_ui_01.json"));

        assertEquals(expected, write(domain));
    }

    @Test
    void equalProcessesShareAnIdAndDifferentOnesGetTheNext() throws Exception {
        JaegerProcess a = new JaegerProcess("a", List.of(JaegerKeyValue.string("host", "h1")));
        JaegerProcess sameAsA = new JaegerProcess("a", List.of(JaegerKeyValue.string("host", "h1")));
        JaegerProcess otherHost = new JaegerProcess("a", List.of(JaegerKeyValue.string("host", "h2")));
        TraceId id = new TraceId(0, 1);
        JaegerTrace trace = new JaegerTrace(List.of(span(id, 1, a), span(id, 2, otherHost), span(id, 3, sameAsA)),
                List.of());

        JsonNode json = write(trace);

        assertEquals("p1", json.at("/spans/0/processID").asText());
        assertEquals("p2", json.at("/spans/1/processID").asText());
        assertEquals("p1", json.at("/spans/2/processID").asText());
        assertEquals(2, json.path("processes").size());
        assertEquals("h2", json.at("/processes/p2/tags/0/value").asText());
    }

    @Test
    void idsAre16HexDigitsWhenTheHighHalfIsZeroElse32() throws Exception {
        JaegerProcess p = new JaegerProcess("a", List.of());
        JsonNode shortId = write(new JaegerTrace(List.of(span(new TraceId(0, 0xabL), 0xffL, p)), List.of()));
        JsonNode longId = write(new JaegerTrace(List.of(span(new TraceId(1, 0xabL), 1L, p)), List.of()));

        assertEquals("00000000000000ab", shortId.path("traceID").asText());
        assertEquals("00000000000000ff", shortId.at("/spans/0/spanID").asText());
        assertEquals("000000000000000100000000000000ab", longId.path("traceID").asText());
    }

    @Test
    void valuesKeepTheirJsonTypesAndUnsafeIntegersBecomeStrings() throws Exception {
        JaegerProcess p = new JaegerProcess("a", List.of());
        JaegerSpan span = new JaegerSpan(new TraceId(0, 1), 1, "op", List.of(), 0, 0, List.of(
                JaegerKeyValue.int64("safe", (1L << 53) - 1), JaegerKeyValue.int64("unsafe", -(1L << 53)),
                JaegerKeyValue.float64("nan", Double.NaN), JaegerKeyValue.bool("b", false),
                JaegerKeyValue.binary("bin", ByteString.copyFrom(new byte[] {0, 0, 0x30, 0x39}))), List.of(), p,
                List.of());

        JsonNode tags = write(new JaegerTrace(List.of(span), List.of())).at("/spans/0/tags");

        assertEquals(9007199254740991L, tags.at("/0/value").asLong());
        assertEquals(true, tags.at("/0/value").isNumber());
        assertEquals("-9007199254740992", tags.at("/1/value").textValue());
        assertEquals("NaN", tags.at("/2/value").textValue());
        assertEquals(false, tags.at("/3/value").booleanValue());
        assertEquals("AAAwOQ==", tags.at("/4/value").textValue());
        assertEquals("binary", tags.at("/4/type").textValue());
    }

    private static JaegerSpan span(TraceId id, long spanId, JaegerProcess process) {
        return new JaegerSpan(id, spanId, "op", List.of(), 10, 5, List.of(), List.of(), process, List.of());
    }
}
