package io.spanvault.pipeline.testkit;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.ByteBuffer;

/** Builds small, valid OTLP trace requests for tests. */
public final class TestTraces {
    private TestTraces() {
    }

    /** A request with one resource ({@code service.name}) and one scope holding {@code spans} spans of one trace. */
    public static ExportTraceServiceRequest request(String service, int spans) {
        return request(service, spans, 1);
    }

    /** As {@link #request(String, int)}, with ids made from {@code seed} so requests differ. */
    public static ExportTraceServiceRequest request(String service, int spans, long seed) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("test-scope").setVersion("1.0"));
        long start = 1_700_000_000_000_000_000L + seed * 1_000_000L;
        for (int i = 0; i < spans; i++) {
            scope.addSpans(span(traceId(seed), spanId(seed * 100_000 + i + 1), "op-" + (i % 3), start + i * 1000L,
                    start + i * 1000L + 500_000L));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(service)).addScopeSpans(scope))
                .build();
    }

    public static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(stringAttribute("service.name", service)).build();
    }

    public static Span span(ByteString traceId, ByteString spanId, String name, long startNanos, long endNanos) {
        return Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(startNanos)
                .setEndTimeUnixNano(endNanos).addAttributes(stringAttribute("http.route", "/api/" + name))
                .build();
    }

    public static KeyValue stringAttribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** A 16-byte trace id whose low half is {@code n} (never all zero). */
    public static ByteString traceId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x5a5aL).putLong(n).array());
    }

    /** An 8-byte span id {@code n} (never all zero for n ≠ 0). */
    public static ByteString spanId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n).array());
    }
}
