package io.spanvault.query.ui;

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
 * Traces for the browser tests, placed minutes before {@code now} since the browser searches by its own clock:
 * <ul>
 * <li>{@link #CHECKOUT} (10 min ago, 120ms): frontend {@code GET /checkout} → frontend {@code redis GET} (event
 * {@code cache miss}) and backend {@code /cart} → backend {@code SQL SELECT}.</li>
 * <li>{@link #FAILED} (5 min ago, 150ms): the same shape with two SQL spans; {@code /cart} fails
 * ({@code http.status_code=500}), links to CHECKOUT's root and carries a trace state.</li>
 * <li>{@link #SLOW} (2 min ago, 1.5s): frontend {@code GET /report} → backend {@code /report}.</li>
 * </ul>
 */
public final class UiTraces {
    public static final String CHECKOUT = "0af7651916cd43dd8448eb211c80319c";
    public static final String FAILED = "4bf92f3577b34da6a3ce929d0e0e4736";
    public static final String SLOW = "5b8aa5a2d2c872e8321cf37308d69df2";
    public static final String BULK = "6c0ffee00000000000000000000010ad";
    static final long CHECKOUT_ROOT = 0x1001;

    private UiTraces() {
    }

    public static ExportTraceServiceRequest traces(Instant now) {
        ScopeSpans.Builder frontend = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                .setName("io.opentelemetry.servlet").setVersion("2.10.0")
                .addAttributes(stringAttribute("scope.team", "web")));
        ScopeSpans.Builder backend = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                .setName("io.opentelemetry.jdbc").setVersion("2.10.0"));

        long a = nanos(now.minus(Duration.ofMinutes(10)));
        ByteString checkout = id(CHECKOUT, 16);
        frontend.addSpans(span(checkout, CHECKOUT_ROOT, 0, "GET /checkout", Span.SpanKind.SPAN_KIND_SERVER, a, 120)
                .addAttributes(stringAttribute("http.method", "GET")).addAttributes(intAttribute("http.status_code", 200)));
        frontend.addSpans(span(checkout, 0x1002, CHECKOUT_ROOT, "redis GET", Span.SpanKind.SPAN_KIND_CLIENT, a + ms(5), 5)
                .addAttributes(stringAttribute("db.system", "redis"))
                .addEvents(Span.Event.newBuilder().setName("cache miss").setTimeUnixNano(a + ms(7))
                        .addAttributes(stringAttribute("cache.key", "cart:42"))));
        backend.addSpans(span(checkout, 0x1003, CHECKOUT_ROOT, "/cart", Span.SpanKind.SPAN_KIND_SERVER, a + ms(15), 90)
                .addAttributes(intAttribute("http.status_code", 200)));
        backend.addSpans(span(checkout, 0x1004, 0x1003, "SQL SELECT", Span.SpanKind.SPAN_KIND_CLIENT, a + ms(20), 60)
                .addAttributes(stringAttribute("db.system", "mysql")));

        long b = nanos(now.minus(Duration.ofMinutes(5)));
        ByteString failed = id(FAILED, 16);
        frontend.addSpans(span(failed, 0x2001, 0, "GET /checkout", Span.SpanKind.SPAN_KIND_SERVER, b, 150)
                .addAttributes(stringAttribute("http.method", "GET")).addAttributes(intAttribute("http.status_code", 500)));
        frontend.addSpans(span(failed, 0x2002, 0x2001, "redis GET", Span.SpanKind.SPAN_KIND_CLIENT, b + ms(5), 4)
                .addAttributes(stringAttribute("db.system", "redis")));
        backend.addSpans(span(failed, 0x2003, 0x2001, "/cart", Span.SpanKind.SPAN_KIND_SERVER, b + ms(12), 130)
                .addAttributes(intAttribute("http.status_code", 500)).setDroppedAttributesCount(3)
                .setTraceState("vendor=abc")
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("cart locked"))
                .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(b + ms(140))
                        .addAttributes(stringAttribute("exception.type", "CartLockedException")))
                .addLinks(Span.Link.newBuilder().setTraceId(checkout).setSpanId(spanId(CHECKOUT_ROOT))));
        backend.addSpans(span(failed, 0x2004, 0x2003, "SQL SELECT", Span.SpanKind.SPAN_KIND_CLIENT, b + ms(15), 40)
                .addAttributes(stringAttribute("db.system", "mysql")));
        backend.addSpans(span(failed, 0x2005, 0x2003, "SQL SELECT", Span.SpanKind.SPAN_KIND_CLIENT, b + ms(60), 70)
                .addAttributes(stringAttribute("db.system", "mysql")));

        long c = nanos(now.minus(Duration.ofMinutes(2)));
        ByteString slow = id(SLOW, 16);
        frontend.addSpans(span(slow, 0x3001, 0, "GET /report", Span.SpanKind.SPAN_KIND_SERVER, c, 1500)
                .addAttributes(intAttribute("http.status_code", 200)));
        backend.addSpans(span(slow, 0x3002, 0x3001, "/report", Span.SpanKind.SPAN_KIND_SERVER, c + ms(50), 1400));

        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource("frontend", "web-1"))
                        .addScopeSpans(frontend))
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource("backend", "app-1"))
                        .addScopeSpans(backend))
                .build();
    }

    /**
     * One trace of {@code spans} spans of service {@code bulk} (trace id {@link #BULK}): a tree with five children
     * per span, each child starting after its parent and ending before it.
     */
    public static ExportTraceServiceRequest bulk(Instant now, int spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bulk"));
        ByteString traceId = id(BULK, 16);
        long start = nanos(now.minus(Duration.ofMinutes(1)));
        long[] starts = new long[spans];
        long[] ends = new long[spans];
        starts[0] = start;
        ends[0] = start + ms(10_000);
        for (int i = 0; i < spans; i++) {
            int parent = (i - 1) / 5;
            if (i > 0) {
                long room = (ends[parent] - starts[parent]) / 6;
                starts[i] = starts[parent] + room * ((i - 1) % 5) + room / 2;
                ends[i] = starts[i] + room;
            }
            Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanId(0x10_0000L + i))
                    .setName("step " + i).setKind(Span.SpanKind.SPAN_KIND_INTERNAL).setStartTimeUnixNano(starts[i])
                    .setEndTimeUnixNano(ends[i]).addAttributes(intAttribute("step", i));
            if (i > 0) {
                span.setParentSpanId(spanId(0x10_0000L + parent));
            }
            scope.addSpans(span);
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource("bulk", "batch-1")).addScopeSpans(scope)).build();
    }

    private static Resource resource(String service, String host) {
        return Resource.newBuilder().addAttributes(stringAttribute("service.name", service))
                .addAttributes(stringAttribute("host.name", host)).build();
    }

    private static Span.Builder span(ByteString traceId, long spanId, long parent, String name, Span.SpanKind kind,
            long startNanos, long durationMillis) {
        Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanId(spanId)).setName(name).setKind(kind)
                .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + ms(durationMillis));
        if (parent != 0) {
            span.setParentSpanId(spanId(parent));
        }
        return span;
    }

    private static KeyValue intAttribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static ByteString spanId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n).array());
    }

    static String spanIdHex(long n) {
        return HexFormat.of().formatHex(spanId(n).toByteArray());
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static ByteString id(String hex, int bytes) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
