package io.spanvault.bench.store;

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
import io.spanvault.storage.TraceId;

/**
 * Makes batches shaped like an instrumented web shop's: traces of {@code spansPerTrace} spans (10 by default)
 * across three services, HTTP and DB attributes, a high-cardinality {@code user.id}, an error now and then.
 * With 1 span per trace every span is its own trace, as in the collector testbed.
 * Trace {@code n} is the same on every run, so queries can name traces that were written.
 */
final class SpanGenerator {
    static final int DEFAULT_SPANS_PER_TRACE = 10;
    static final String[] SERVICES = {"frontend", "checkout", "inventory"};
    private static final String[] ROUTES = {"/", "/cart", "/checkout", "/product/{id}", "/search"};

    private final Resource[] resources = new Resource[SERVICES.length];
    private final InstrumentationScope scope = InstrumentationScope.newBuilder()
            .setName("io.opentelemetry.spring-webmvc-6.0").setVersion("2.10.0").build();
    private final long firstStartNanos;
    private final long spreadNanos;
    private final long totalTraces;
    private final int spansPerTrace;

    /** Trace starts spread evenly over {@code spreadNanos} from {@code firstStartNanos} across all traces. */
    SpanGenerator(long firstStartNanos, long spreadNanos, long totalTraces, int spansPerTrace) {
        if (spansPerTrace < 1) {
            throw new IllegalArgumentException("spans per trace must be at least 1, not " + spansPerTrace);
        }
        this.spansPerTrace = spansPerTrace;
        this.firstStartNanos = firstStartNanos;
        this.spreadNanos = spreadNanos;
        this.totalTraces = totalTraces;
        for (int i = 0; i < SERVICES.length; i++) {
            resources[i] = Resource.newBuilder().addAttributes(string("service.name", SERVICES[i]))
                    .addAttributes(string("service.version", "1.4." + i))
                    .addAttributes(string("host.name", "node-" + i + ".prod.internal"))
                    .addAttributes(string("telemetry.sdk.language", "java"))
                    .addAttributes(string("telemetry.sdk.name", "opentelemetry"))
                    .addAttributes(string("telemetry.sdk.version", "1.44.1")).build();
        }
    }

    int spansPerTrace() {
        return spansPerTrace;
    }

    static TraceId traceId(long n) {
        return new TraceId(0x5eedL << 32 | (n * 0x9E3779B97F4A7C15L >>> 40), n);
    }

    /** The name of the root span of every {@code ROUTES.length}-th trace, from the {@code i}-th route. */
    static String rootOperation(int i) {
        return "GET " + ROUTES[i % ROUTES.length];
    }

    static String userId(long trace) {
        return "user-" + trace;
    }

    /** A batch holding traces {@code first} to {@code first + traces - 1}, grouped by service as SDKs send. */
    ExportTraceServiceRequest batch(long first, int traces) {
        ScopeSpans.Builder[] byService = new ScopeSpans.Builder[SERVICES.length];
        for (int s = 0; s < SERVICES.length; s++) {
            byService[s] = ScopeSpans.newBuilder().setScope(scope);
        }
        for (long t = first; t < first + traces; t++) {
            ByteString traceId = traceId(t).toByteString();
            long start = firstStartNanos + (long) ((double) spreadNanos * t / totalTraces);
            for (int i = 0; i < spansPerTrace; i++) {
                int service = i == 0 ? 0 : 1 + i % 2;
                long spanStart = start + i * 1_000_000L;
                Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanId(t, i))
                        .setName(i == 0 ? "GET " + ROUTES[(int) (t % ROUTES.length)] : i % 2 == 0 ? "SELECT shop.items" : "POST /reserve")
                        .setKind(i == 0 ? Span.SpanKind.SPAN_KIND_SERVER : i % 2 == 0 ? Span.SpanKind.SPAN_KIND_CLIENT
                                : Span.SpanKind.SPAN_KIND_SERVER)
                        .setStartTimeUnixNano(spanStart)
                        .setEndTimeUnixNano(spanStart + 200_000L + (t * 7919 + i * 104729) % 50_000_000L)
                        .addAttributes(string("http.request.method", i % 2 == 0 ? "GET" : "POST"))
                        .addAttributes(string("url.path", ROUTES[(int) ((t + i) % ROUTES.length)]))
                        .addAttributes(integer("http.response.status_code", t % 50 == 0 ? 500 : 200))
                        .addAttributes(string("user.id", userId(t)));
                if (i > 0) {
                    span.setParentSpanId(spanId(t, i == 1 ? 0 : 1));
                }
                if (i % 2 == 0 && i > 0) {
                    span.addAttributes(string("db.system", "postgresql"))
                            .addAttributes(string("db.statement", "SELECT * FROM items WHERE id = $1"));
                }
                if (t % 50 == 0 && i == 0) {
                    span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
                }
                byService[service].addSpans(span);
            }
        }
        ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
        for (int s = 0; s < SERVICES.length; s++) {
            out.addResourceSpans(ResourceSpans.newBuilder().setResource(resources[s]).addScopeSpans(byService[s]));
        }
        return out.build();
    }

    private static ByteString spanId(long trace, int i) {
        long id = trace * 16 + i + 1;
        byte[] b = new byte[8];
        for (int k = 0; k < 8; k++) {
            b[k] = (byte) (id >>> (56 - 8 * k));
        }
        return ByteString.copyFrom(b);
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
