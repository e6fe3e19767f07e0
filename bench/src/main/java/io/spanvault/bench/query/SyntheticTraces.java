package io.spanvault.bench.query;

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
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * Traces shaped like a small microservice app's: a server span in a front service fanning out to client and
 * server spans of other services, each trace carrying a {@code customer.id} that tag searches look for.
 */
final class SyntheticTraces {
    static final int SERVICES = 10;
    static final int CUSTOMERS = 10_000;

    private final int spansPerTrace;
    private final Instant start;
    private final long spreadNanos;

    SyntheticTraces(int spansPerTrace, Instant start, long spreadNanos) {
        this.spansPerTrace = spansPerTrace;
        this.start = start;
        this.spreadNanos = spreadNanos;
    }

    static String service(int i) {
        return "svc-" + i;
    }

    /** Trace number {@code n}'s id; high half set so ids print as 32 hex digits. */
    static ByteString traceId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x5eed_0000_0000_0000L | n).putLong(n * 31 + 7)
                .array());
    }

    static int customer(long traceNumber) {
        return Math.floorMod(traceNumber * 7919, CUSTOMERS);
    }

    /** A request holding traces {@code first} to {@code first + count - 1}, one resource per service. */
    ExportTraceServiceRequest batch(long first, int count, SplittableRandom random) {
        ScopeSpans.Builder[] byService = new ScopeSpans.Builder[SERVICES];
        for (long n = first; n < first + count; n++) {
            ByteString traceId = traceId(n);
            long traceStart = start.getEpochSecond() * 1_000_000_000L + (n * 7_777_777L) % spreadNanos;
            int root = (int) (n % SERVICES);
            String customer = Integer.toString(customer(n));
            for (int i = 0; i < spansPerTrace; i++) {
                int service = i == 0 ? root : (root + 1 + random.nextInt(SERVICES - 1)) % SERVICES;
                long spanStart = traceStart + i * 1_000_000L;
                long duration = i == 0 ? spansPerTrace * 2_000_000L : 200_000L + random.nextInt(900_000);
                Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanId(n, i))
                        .setName(i == 0 ? "GET /api/orders" : (i % 2 == 0 ? "SELECT orders" : "GET /inventory/" + (i % 5)))
                        .setKind(i == 0 ? Span.SpanKind.SPAN_KIND_SERVER
                                : i % 2 == 0 ? Span.SpanKind.SPAN_KIND_CLIENT : Span.SpanKind.SPAN_KIND_SERVER)
                        .setStartTimeUnixNano(spanStart).setEndTimeUnixNano(spanStart + duration)
                        .addAttributes(string("customer.id", customer))
                        .addAttributes(string("http.method", "GET"))
                        .addAttributes(KeyValue.newBuilder().setKey("http.status_code")
                                .setValue(AnyValue.newBuilder().setIntValue(random.nextInt(100) == 0 ? 500 : 200)));
                if (i > 0) {
                    span.setParentSpanId(spanId(n, 0));
                }
                if (random.nextInt(100) == 0) {
                    span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
                }
                if (byService[service] == null) {
                    byService[service] = ScopeSpans.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName("bench").setVersion("1.0"));
                }
                byService[service].addSpans(span);
            }
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int s = 0; s < SERVICES; s++) {
            if (byService[s] != null) {
                request.addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.newBuilder()
                        .addAttributes(string("service.name", service(s)))
                        .addAttributes(string("host.name", "host-" + s))).addScopeSpans(byService[s]));
            }
        }
        return request.build();
    }

    private static ByteString spanId(long trace, int i) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(trace * 1000 + i + 1).array());
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
