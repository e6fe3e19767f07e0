package io.spanvault.query;

import static io.spanvault.pipeline.testkit.TestTraces.stringAttribute;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Two traces across two services, written as an instrumented app would send them.
 * <ul>
 * <li>T1 ({@code 0000000000000001}, high half zero): frontend {@code HTTP GET /dispatch} (server, 100ms) →
 * frontend {@code redis GET} (client, 5ms, event {@code cache miss}) and backend {@code /customer} (server, 60ms,
 * error {@code not found}, {@code customer.id=123}).</li>
 * <li>T2 ({@code 83a9efd15c1c98a977e0711cc93ee28b}), an hour later: backend {@code /customer} (server, 2s,
 * {@code customer.id=456}) → backend {@code SQL SELECT} (client, 1.5s, {@code db.system=mysql}, a link to T1's
 * root).</li>
 * </ul>
 */
public final class TestData {
    public static final Instant T0 = Instant.parse("2026-01-10T11:00:00Z");
    public static final Instant NOW = T0.plus(Duration.ofHours(2));
    public static final String T1 = "0000000000000001";
    public static final String T2 = "83a9efd15c1c98a977e0711cc93ee28b";

    private TestData() {
    }

    public static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    public static long t0Micros() {
        return micros(T0);
    }

    public static ExportTraceServiceRequest traces() {
        Resource frontend = Resource.newBuilder().addAttributes(stringAttribute("service.name", "frontend")).build();
        Resource backend = Resource.newBuilder().addAttributes(stringAttribute("service.name", "backend"))
                .addAttributes(stringAttribute("host.name", "b1")).build();
        ByteString t1 = id(T1, 16);
        ByteString t2 = id(T2, 16);
        Span a = span(t1, 0xa1, 0, "HTTP GET /dispatch", Span.SpanKind.SPAN_KIND_SERVER, 0, 100)
                .addAttributes(stringAttribute("http.method", "GET"))
                .addAttributes(KeyValue.newBuilder().setKey("http.status_code")
                        .setValue(AnyValue.newBuilder().setIntValue(200)))
                .build();
        Span b = span(t1, 0xb2, 0xa1, "redis GET", Span.SpanKind.SPAN_KIND_CLIENT, 10, 15)
                .addAttributes(stringAttribute("db.system", "redis"))
                .addEvents(Span.Event.newBuilder().setName("cache miss").setTimeUnixNano(nanos(12))
                        .addAttributes(stringAttribute("key", "customer:123")))
                .build();
        Span c = span(t1, 0xc3, 0xa1, "/customer", Span.SpanKind.SPAN_KIND_SERVER, 20, 80)
                .addAttributes(stringAttribute("customer.id", "123"))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("not found"))
                .build();
        long hour = Duration.ofHours(1).toMillis();
        Span d = span(t2, 0xd4, 0, "/customer", Span.SpanKind.SPAN_KIND_SERVER, hour, hour + 2000)
                .addAttributes(stringAttribute("customer.id", "456")).build();
        Span e = span(t2, 0xe5, 0xd4, "SQL SELECT", Span.SpanKind.SPAN_KIND_CLIENT, hour + 100, hour + 1600)
                .addAttributes(stringAttribute("db.system", "mysql"))
                .addLinks(Span.Link.newBuilder().setTraceId(t1).setSpanId(id("00000000000000a1", 8)))
                .build();
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(frontend).addScopeSpans(ScopeSpans
                        .newBuilder().setScope(InstrumentationScope.newBuilder().setName("frontend-lib")
                                .setVersion("1.0")).addSpans(a).addSpans(b)))
                .addResourceSpans(ResourceSpans.newBuilder().setResource(backend).addScopeSpans(ScopeSpans
                        .newBuilder().setScope(InstrumentationScope.newBuilder().setName("backend-lib"))
                        .addSpans(c).addSpans(d).addSpans(e)))
                .build();
    }

    private static Span.Builder span(ByteString traceId, long spanId, long parent, String name, Span.SpanKind kind,
            long startMillis, long endMillis) {
        Span.Builder span = Span.newBuilder().setTraceId(traceId)
                .setSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(spanId).array())).setName(name)
                .setKind(kind).setStartTimeUnixNano(nanos(startMillis)).setEndTimeUnixNano(nanos(endMillis));
        if (parent != 0) {
            span.setParentSpanId(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(parent).array()));
        }
        return span;
    }

    private static long nanos(long millisAfterT0) {
        return T0.getEpochSecond() * 1_000_000_000L + millisAfterT0 * 1_000_000L;
    }

    private static ByteString id(String hex, int bytes) {
        String padded = "0".repeat(bytes * 2 - hex.length()) + hex;
        return ByteString.copyFrom(HexFormat.of().parseHex(padded));
    }
}
