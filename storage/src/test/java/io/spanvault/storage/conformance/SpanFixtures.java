package io.spanvault.storage.conformance;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.storage.TraceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builds the spans the conformance suite writes. */
public final class SpanFixtures {
    private SpanFixtures() {
    }

    public static TraceId traceId(long n) {
        return new TraceId(0x7e57L, n);
    }

    public static ByteString spanId(long n) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (n >>> (56 - 8 * i));
        }
        return ByteString.copyFrom(b);
    }

    public static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** A server span of {@code trace} starting at {@code start} and lasting {@code duration}. */
    public static Span.Builder span(TraceId trace, long id, String name, Instant start, Duration duration) {
        return Span.newBuilder().setTraceId(trace.toByteString()).setSpanId(spanId(id)).setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(nanos(start))
                .setEndTimeUnixNano(nanos(start.plus(duration)));
    }

    public static Resource resource(String service, KeyValue... more) {
        return Resource.newBuilder().addAttributes(string("service.name", service)).addAllAttributes(List.of(more))
                .build();
    }

    /** A request of one resource ({@code service}) and one scope holding the spans. */
    public static ExportTraceServiceRequest request(String service, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("conformance"));
        for (Span.Builder s : spans) {
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(service)).addScopeSpans(scope))
                .build();
    }

    public static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    public static KeyValue attribute(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** A request whose span, resource and scope set every field OTLP has, with every attribute value type. */
    public static ExportTraceServiceRequest everyField(TraceId trace, Instant start) {
        AnyValue array = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setStringValue("a")).addValues(AnyValue.newBuilder().setIntValue(2)))
                .build();
        AnyValue map = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                .addValues(attribute("nested", AnyValue.newBuilder().setBoolValue(true).build()))).build();
        List<KeyValue> allTypes = List.of(string("s", "text"),
                attribute("b", AnyValue.newBuilder().setBoolValue(true).build()),
                attribute("i", AnyValue.newBuilder().setIntValue(-42).build()),
                attribute("d", AnyValue.newBuilder().setDoubleValue(1.5).build()),
                attribute("bytes", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, 1, -1})).build()),
                attribute("array", array), attribute("map", map), attribute("empty", AnyValue.getDefaultInstance()));
        Span span = span(trace, 1, "every-field", start, Duration.ofMillis(12))
                .setTraceState("vendor=value").setParentSpanId(spanId(99)).setFlags(0x301)
                .setKind(Span.SpanKind.SPAN_KIND_CONSUMER).addAllAttributes(allTypes).setDroppedAttributesCount(3)
                .addEvents(Span.Event.newBuilder().setTimeUnixNano(nanos(start) + 5).setName("event")
                        .addAttributes(string("event.key", "event.value")).setDroppedAttributesCount(4))
                .setDroppedEventsCount(5)
                .addLinks(Span.Link.newBuilder().setTraceId(traceId(12345).toByteString()).setSpanId(spanId(7))
                        .setTraceState("link=state").addAttributes(string("link.key", "link.value"))
                        .setDroppedAttributesCount(6).setFlags(0x101))
                .setDroppedLinksCount(7)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("it broke"))
                .build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource("every-service", allTypes.toArray(new KeyValue[0])).toBuilder()
                        .setDroppedAttributesCount(8))
                .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0")
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("scope-name").setVersion("9.9")
                                .addAttributes(string("scope.key", "scope.value")).setDroppedAttributesCount(9))
                        .setSchemaUrl("https://opentelemetry.io/schemas/1.20.0").addSpans(span)))
                .build();
    }
}
