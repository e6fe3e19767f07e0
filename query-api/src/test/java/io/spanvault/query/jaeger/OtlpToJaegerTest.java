package io.spanvault.query.jaeger;

import static io.spanvault.pipeline.testkit.TestTraces.spanId;
import static io.spanvault.pipeline.testkit.TestTraces.stringAttribute;
import static io.spanvault.pipeline.testkit.TestTraces.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.storage.TraceId;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpToJaegerTest {

    @Test
    void tagsFollowTheTranslatorOrderScopeAttributesKindStatusTraceState() {
        Span span = Span.newBuilder().setTraceId(traceId(7)).setSpanId(spanId(2)).setName("GET /")
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(5_000_999L)
                .setEndTimeUnixNano(9_000_000L).addAttributes(stringAttribute("http.method", "GET"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .setTraceState("k=v").build();
        InstrumentationScope scope = InstrumentationScope.newBuilder().setName("lib").setVersion("1.2").build();

        JaegerSpan j = OtlpToJaeger.span(span, scope, new JaegerProcess("svc", List.of()));

        assertEquals(List.of(JaegerKeyValue.string("otel.scope.name", "lib"),
                JaegerKeyValue.string("otel.scope.version", "1.2"), JaegerKeyValue.string("http.method", "GET"),
                JaegerKeyValue.string("span.kind", "client"), JaegerKeyValue.string("otel.status_code", "ERROR"),
                JaegerKeyValue.bool("error", true), JaegerKeyValue.string("otel.status_description", "boom"),
                JaegerKeyValue.string("w3c.tracestate", "k=v")), j.tags());
        assertEquals(5_000, j.startTimeMicros());
        assertEquals(3_999, j.durationMicros());
        assertEquals("GET /", j.operationName());
        assertEquals(2, j.spanId());
    }

    @Test
    void okStatusIsTaggedWithoutErrorAndUnsetStatusAndKindAddNothing() {
        Span ok = Span.newBuilder().setTraceId(traceId(7)).setSpanId(spanId(2))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK)).build();
        Span unset = Span.newBuilder().setTraceId(traceId(7)).setSpanId(spanId(2)).build();
        JaegerProcess p = new JaegerProcess("svc", List.of());

        assertEquals(List.of(JaegerKeyValue.string("otel.status_code", "OK")),
                OtlpToJaeger.span(ok, InstrumentationScope.getDefaultInstance(), p).tags());
        assertEquals(List.of(), OtlpToJaeger.span(unset, InstrumentationScope.getDefaultInstance(), p).tags());
    }

    @Test
    void parentComesFirstThenLinksAsFollowsFromUnlessMarkedChildOf() {
        Span span = Span.newBuilder().setTraceId(traceId(7)).setSpanId(spanId(3)).setParentSpanId(spanId(1))
                .addLinks(Span.Link.newBuilder().setTraceId(traceId(8)).setSpanId(spanId(9)))
                .addLinks(Span.Link.newBuilder().setTraceId(traceId(7)).setSpanId(spanId(2))
                        .addAttributes(stringAttribute("opentracing.ref_type", "child_of")))
                .build();

        List<JaegerReference> refs = OtlpToJaeger.span(span, InstrumentationScope.getDefaultInstance(),
                new JaegerProcess("svc", List.of())).references();

        assertEquals(List.of(new JaegerReference(JaegerReference.Type.CHILD_OF, TraceId.of(traceId(7)), 1),
                new JaegerReference(JaegerReference.Type.FOLLOWS_FROM, TraceId.of(traceId(8)), 9),
                new JaegerReference(JaegerReference.Type.CHILD_OF, TraceId.of(traceId(7)), 2)), refs);
    }

    @Test
    void eventsBecomeLogsWithTheNameAsEventField() {
        Span span = Span.newBuilder().setTraceId(traceId(7)).setSpanId(spanId(3))
                .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(2_000_500L)
                        .addAttributes(stringAttribute("exception.message", "bad")))
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(3_000_000L)
                        .addAttributes(stringAttribute("x", "y")))
                .build();

        List<JaegerLog> logs = OtlpToJaeger.span(span, InstrumentationScope.getDefaultInstance(),
                new JaegerProcess("svc", List.of())).logs();

        assertEquals(List.of(new JaegerLog(2_000, List.of(JaegerKeyValue.string("event", "exception"),
                JaegerKeyValue.string("exception.message", "bad"))),
                new JaegerLog(3_000, List.of(JaegerKeyValue.string("x", "y")))), logs);
    }

    @Test
    void resourceBecomesProcessAndValuesMapToJaegerTypes() {
        Resource resource = Resource.newBuilder().addAttributes(stringAttribute("host.name", "h"))
                .addAttributes(stringAttribute("service.name", "svc"))
                .addAttributes(kv("pid", AnyValue.newBuilder().setIntValue(42).build()))
                .addAttributes(kv("ratio", AnyValue.newBuilder().setDoubleValue(0.5).build()))
                .addAttributes(kv("on", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(kv("raw", AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")).build()))
                .addAttributes(kv("list", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a"))
                        .addValues(AnyValue.newBuilder().setIntValue(1))).build()))
                .addAttributes(kv("map", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("k", AnyValue.newBuilder().setBoolValue(false).build()))).build()))
                .build();

        JaegerProcess process = OtlpToJaeger.process(resource);

        assertEquals("svc", process.serviceName());
        assertEquals(List.of(JaegerKeyValue.string("host.name", "h"), JaegerKeyValue.int64("pid", 42),
                JaegerKeyValue.float64("ratio", 0.5), JaegerKeyValue.bool("on", true),
                JaegerKeyValue.binary("raw", ByteString.copyFromUtf8("hi")),
                JaegerKeyValue.string("list", "[\"a\",1]"), JaegerKeyValue.string("map", "{\"k\":false}")),
                process.tags());
        assertEquals(OtlpToJaeger.NO_SERVICE_NAME, OtlpToJaeger.process(Resource.getDefaultInstance()).serviceName());
    }

    private static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
