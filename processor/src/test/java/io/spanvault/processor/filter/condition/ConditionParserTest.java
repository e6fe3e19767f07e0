package io.spanvault.processor.filter.condition;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.pipeline.testkit.TestTraces;
import io.spanvault.processor.matching.AnyValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionParserTest {
    private static final Resource RESOURCE = TestTraces.resource("checkout");
    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("io.jdbc")
            .setVersion("1.0").build();
    private static final Span.Event EVENT = Span.Event.newBuilder().setName("exception").setTimeUnixNano(5)
            .addAttributes(kv("exception.type", "java.io.IOException")).build();
    private static final Span SPAN = Span.newBuilder().setName("GET /health").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setTraceId(ByteString.copyFrom(new byte[] {0x0a, 0x0b, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}))
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
            .addAttributes(kv("http.route", "/health")).addAttributes(kv("http.status_code", 503))
            .addAttributes(kv("ratio", 0.5)).addAttributes(kv("sampled", true))
            .addAttributes(kv("obj", Map.of("inner", "x"))).addAttributes(kv("list", List.of("a", "b")))
            .addEvents(EVENT).build();

    private static KeyValue kv(String key, Object value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValues.fromConfig(value)).build();
    }

    private static boolean span(String condition) {
        return ConditionParser.parse(condition, ConditionContext.SPAN).test(Item.span(RESOURCE, SCOPE, SPAN));
    }

    private static boolean event(String condition) {
        return ConditionParser.parse(condition, ConditionContext.SPANEVENT)
                .test(new Item(RESOURCE, SCOPE, SPAN, EVENT));
    }

    @Test
    void attributeEquality() {
        assertTrue(span("attributes[\"http.route\"] == \"/health\""));
        assertFalse(span("attributes[\"http.route\"] == \"/api\""));
        assertTrue(span("attributes[\"http.route\"] != \"/api\""));
        assertTrue(span("attributes[\"missing\"] == nil"));
        assertFalse(span("attributes[\"missing\"] == \"x\""));
        assertTrue(span("attributes[\"missing\"] != \"x\""));
    }

    @Test
    void numericAndBooleanLiterals() {
        assertTrue(span("attributes[\"http.status_code\"] == 503"));
        assertTrue(span("attributes[\"http.status_code\"] >= 500"));
        assertFalse(span("attributes[\"http.status_code\"] < 500"));
        assertTrue(span("attributes[\"http.status_code\"] == 503.0"), "ints and doubles compare as numbers");
        assertFalse(span("attributes[\"http.status_code\"] == \"503\""), "a string never equals a number");
        assertTrue(span("attributes[\"http.status_code\"] != \"503\""));
        assertFalse(span("attributes[\"http.status_code\"] > \"5\""), "ordering mixed types is false");
        assertTrue(span("attributes[\"ratio\"] < 1"));
        assertTrue(span("attributes[\"ratio\"] == -0.5 or attributes[\"ratio\"] == 0.5"));
        assertTrue(span("attributes[\"sampled\"] == true"));
        assertFalse(span("attributes[\"sampled\"] == false"));
    }

    @Test
    void nestedMapAndListAttributes() {
        assertTrue(span("attributes[\"obj\"][\"inner\"] == \"x\""));
        assertTrue(span("attributes[\"list\"][1] == \"b\""));
        assertTrue(span("attributes[\"list\"][7] == nil"));
    }

    @Test
    void spanFields() {
        assertTrue(span("name == \"GET /health\""));
        assertTrue(span("span.name == \"GET /health\""), "the context prefix is optional");
        assertTrue(span("kind == SPAN_KIND_CLIENT"));
        assertFalse(span("kind == SPAN_KIND_SERVER"));
        assertTrue(span("kind == 3"));
        assertTrue(span("kind.string == \"Client\""));
        assertTrue(span("kind.deprecated_string == \"SPAN_KIND_CLIENT\""));
        assertTrue(span("status.code == STATUS_CODE_ERROR"));
        assertTrue(span("status.message == \"boom\""));
        assertTrue(span("trace_id.string == \"0a0b0000000000000000000000000001\""));
        assertTrue(span("resource.attributes[\"service.name\"] == \"checkout\""));
        assertTrue(span("instrumentation_scope.name == \"io.jdbc\" and instrumentation_scope.version == \"1.0\""));
    }

    @Test
    void isMatch() {
        assertTrue(span("IsMatch(name, \"^GET /heal\")"));
        assertTrue(span("IsMatch(attributes[\"http.route\"], \"health\")"), "not anchored, as RE2 MatchString");
        assertTrue(span("IsMatch(attributes[\"http.status_code\"], \"^5\\\\d\\\\d$\")"), "numbers match as text");
        assertFalse(span("IsMatch(attributes[\"missing\"], \".*\")"), "a missing value never matches");
        assertTrue(span("IsMatch(name, \"^GET\") == true"));
        assertTrue(span("IsMatch(attributes[\"obj\"], \"inner\")"), "maps match as JSON");
    }

    @Test
    void booleanOperatorsPrecedenceAndParentheses() {
        assertTrue(span("name == \"x\" or kind == SPAN_KIND_CLIENT and status.code == STATUS_CODE_ERROR"));
        assertFalse(span("(name == \"x\" or kind == SPAN_KIND_CLIENT) and status.code == STATUS_CODE_OK"));
        assertTrue(span("not name == \"x\""));
        assertFalse(span("not (name == \"GET /health\")"));
        assertTrue(span("not not true"));
        assertFalse(span("false"));
    }

    @Test
    void spanEventContext() {
        assertTrue(event("name == \"exception\""));
        assertTrue(event("attributes[\"exception.type\"] == \"java.io.IOException\""));
        assertTrue(event("span.name == \"GET /health\" and span.attributes[\"http.route\"] == \"/health\""));
        assertTrue(event("time_unix_nano == 5"));
        assertTrue(event("resource.attributes[\"service.name\"] == \"checkout\""));
    }

    @Test
    void unsupportedOrInvalidConditionsAreRejectedNamingTheProblem() {
        assertRejected("Concat([name], \"x\") == \"y\"", "unsupported function 'Concat'");
        assertRejected("attributes[\"a\"] + 1 == 2", "unexpected '+'");
        assertRejected("foo == \"x\"", "unknown or unsupported path 'foo'");
        assertRejected("kind == SPAN_KIND_BOGUS", "unknown enum 'SPAN_KIND_BOGUS'");
        assertRejected("attributes == nil", "needs a key");
        assertRejected("name", "expected a comparison");
        assertRejected("name == ", "ends too early");
        assertRejected("(name == \"x\"", "expected ')'");
        assertRejected("name == \"x", "not closed");
        assertRejected("IsMatch(name, \"(\")", "IsMatch pattern");
        assertRejected("name == \"x\" where true", "unexpected 'where'");
        assertRejected("", "empty condition");
    }

    private static void assertRejected(String condition, String expected) {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class,
                () -> ConditionParser.parse(condition, ConditionContext.SPAN), condition);
        assertTrue(e.getMessage().contains(expected), condition + " -> " + e.getMessage());
    }

    @Test
    void bytesAndMixedValuesCompareByOttlRules() {
        assertTrue(Comparison.compare(ByteString.copyFromUtf8("a"), "<", ByteString.copyFromUtf8("b")));
        assertFalse(Comparison.compare(AnyValue.getDefaultInstance(), "==", "x"));
        assertTrue(Comparison.compare(1L, "==", 1.0));
        assertFalse(Comparison.compare(Double.NaN, "==", Double.NaN));
    }
}
