package io.spanvault.bench.loadgen;

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
import java.util.Locale;

/**
 * What the generated spans look like. Every trace id starts with {@link RequestTemplate#TRACE_ID_MARKER}, so a
 * pre-encoded request can be given fresh trace ids by overwriting those bytes.
 */
public enum SpanShape {
    /**
     * The collector testbed's span (a name and two int attributes), each span its own trace: a store's
     * worst case, one trace head per span. The testbed itself groups a request's spans into one trace
     * ({@link #TESTBED_BATCH}).
     */
    TESTBED {
        @Override
        public ExportTraceServiceRequest request(int spans, long startNanos) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("load-generator"));
            for (int i = 0; i < spans; i++) {
                scope.addSpans(Span.newBuilder().setTraceId(traceId(i)).setSpanId(spanId(i + 1))
                        .setName("load-generator-span").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + 1_000_000L)
                        .addAttributes(intAttribute("load_generator.span_seq_num", i))
                        .addAttributes(intAttribute("load_generator.trace_seq_num", i)));
            }
            return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(stringAttribute("service.name", "load-generator")))
                    .addScopeSpans(scope)).build();
        }
    },

    /**
     * The request the collector testbed's {@code PerfTestDataProvider} generates, as its Trace10kSPS sends it:
     * all spans of a request in one trace, each span a root (no parent), kind CLIENT, named
     * {@code load-generator-span}, two int attributes (the span's and the trace's sequence number), 1 ms long;
     * one resource without attributes and one scope without a name. The trace id's bytes differ (a stamped
     * marker instead of the testbed's zero high half) and the sequence numbers are fixed small ones (the
     * testbed's grow, a few bytes a request more as a run goes on): no difference in work.
     */
    TESTBED_BATCH {
        @Override
        public ExportTraceServiceRequest request(int spans, long startNanos) {
            // pdata writes its non-nullable messages (resource, scope, status) even when empty
            ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.getDefaultInstance());
            for (int i = 0; i < spans; i++) {
                scope.addSpans(Span.newBuilder().setTraceId(traceId(0)).setSpanId(spanId(i + 1))
                        .setName("load-generator-span").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + 1_000_000L)
                        .setStatus(Status.getDefaultInstance())
                        .addAttributes(intAttribute("load_generator.span_seq_num", i + 1))
                        .addAttributes(intAttribute("load_generator.trace_seq_num", 1)));
            }
            return ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.getDefaultInstance())
                            .addScopeSpans(scope))
                    .build();
        }
    },

    /**
     * The testbed's span in traces of {@value #TESTBED_SPANS_PER_TRACE} (a root and its children), the shape
     * issue 14's throughput goals are stated in: a store writes one trace head per trace, not per span.
     */
    TRACES10 {
        @Override
        public ExportTraceServiceRequest request(int spans, long startNanos) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("load-generator"));
            for (int i = 0; i < spans; i++) {
                int trace = i / TESTBED_SPANS_PER_TRACE;
                Span.Builder span = Span.newBuilder().setTraceId(traceId(trace)).setSpanId(spanId(i + 1))
                        .setName("load-generator-span").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(startNanos).setEndTimeUnixNano(startNanos + 1_000_000L)
                        .addAttributes(intAttribute("load_generator.span_seq_num", i))
                        .addAttributes(intAttribute("load_generator.trace_seq_num", trace));
                if (i % TESTBED_SPANS_PER_TRACE != 0) {
                    span.setParentSpanId(spanId(trace * TESTBED_SPANS_PER_TRACE + 1));
                }
                scope.addSpans(span);
            }
            return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(stringAttribute("service.name", "load-generator")))
                    .addScopeSpans(scope)).build();
        }
    },

    /**
     * A span as an instrumented HTTP/DB service emits it: ~20 attributes, two events, and traces of
     * {@value #SPANS_PER_TRACE} spans forming a 5-level tree.
     */
    REALISTIC {
        @Override
        public ExportTraceServiceRequest request(int spans, long startNanos) {
            ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder()
                    .setName("io.opentelemetry.spring-webmvc-6.0").setVersion("2.10.0-alpha"));
            for (int i = 0; i < spans; i++) {
                int trace = i / SPANS_PER_TRACE;
                int inTrace = i % SPANS_PER_TRACE;
                long start = startNanos + inTrace * 50_000L;
                Span.Builder span = Span.newBuilder().setTraceId(traceId(trace)).setSpanId(spanId(i + 1))
                        .setName(inTrace == 0 ? "GET /api/orders/{id}" : "SELECT orders.order_items " + inTrace % 4)
                        .setKind(inTrace == 0 ? Span.SpanKind.SPAN_KIND_SERVER : Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStartTimeUnixNano(start).setEndTimeUnixNano(start + 2_000_000L - inTrace * 40_000L)
                        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK));
                if (inTrace > 0) {
                    // A binary tree: 20 spans make 5 levels (1, 2, 4, 8, 5).
                    span.setParentSpanId(spanId(trace * SPANS_PER_TRACE + (inTrace - 1) / 2 + 1));
                }
                addRealisticAttributes(span, i);
                span.addEvents(Span.Event.newBuilder().setName("connection.acquired").setTimeUnixNano(start + 1000)
                        .addAttributes(intAttribute("pool.size", 20)));
                span.addEvents(Span.Event.newBuilder().setName("result.fetched").setTimeUnixNano(start + 900_000)
                        .addAttributes(intAttribute("rows", i % 50))
                        .addAttributes(stringAttribute("cursor", "forward-only")));
                scope.addSpans(span);
            }
            Resource.Builder resource = Resource.newBuilder()
                    .addAttributes(stringAttribute("service.name", "order-service"))
                    .addAttributes(stringAttribute("service.namespace", "shop"))
                    .addAttributes(stringAttribute("service.version", "1.42.0"))
                    .addAttributes(stringAttribute("deployment.environment.name", "production"))
                    .addAttributes(stringAttribute("host.name", "ip-10-0-3-17.eu-west-1.compute.internal"))
                    .addAttributes(stringAttribute("k8s.pod.name", "order-service-7d9f8b6c5d-x2x7q"))
                    .addAttributes(stringAttribute("telemetry.sdk.language", "java"))
                    .addAttributes(stringAttribute("telemetry.sdk.version", "1.68.0"));
            return ExportTraceServiceRequest.newBuilder()
                    .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
        }

        private void addRealisticAttributes(Span.Builder span, int i) {
            span.addAttributes(stringAttribute("http.request.method", "GET"))
                    .addAttributes(stringAttribute("http.route", "/api/orders/{id}"))
                    .addAttributes(stringAttribute("url.path", "/api/orders/" + (10_000 + i)))
                    .addAttributes(stringAttribute("url.scheme", "https"))
                    .addAttributes(intAttribute("http.response.status_code", 200))
                    .addAttributes(stringAttribute("server.address", "orders.shop.internal"))
                    .addAttributes(intAttribute("server.port", 8443))
                    .addAttributes(stringAttribute("client.address", "10.0.7." + i % 250))
                    .addAttributes(stringAttribute("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"))
                    .addAttributes(stringAttribute("network.protocol.version", "1.1"))
                    .addAttributes(stringAttribute("db.system", "postgresql"))
                    .addAttributes(stringAttribute("db.namespace", "orders"))
                    .addAttributes(stringAttribute("db.operation.name", "SELECT"))
                    .addAttributes(stringAttribute("db.query.text",
                            "SELECT id, sku, qty FROM order_items WHERE order_id = $1 ORDER BY id"))
                    .addAttributes(intAttribute("db.response.returned_rows", i % 50))
                    .addAttributes(stringAttribute("thread.name", "http-nio-8443-exec-" + i % 16))
                    .addAttributes(intAttribute("thread.id", 40 + i % 16))
                    .addAttributes(stringAttribute("code.function.name", "OrderController.get"))
                    .addAttributes(stringAttribute("code.file.path", "OrderController.java"))
                    .addAttributes(boolAttribute("order.cached", i % 3 == 0));
        }
    };

    /** Spans per trace in the realistic shape. */
    public static final int SPANS_PER_TRACE = 20;
    /** Spans per trace in the {@link #TRACES10} shape. */
    public static final int TESTBED_SPANS_PER_TRACE = 10;

    /** One request of {@code spans} spans starting at {@code startNanos}. */
    public abstract ExportTraceServiceRequest request(int spans, long startNanos);

    public static SpanShape parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("span shape '" + text
                    + "' is not testbed, testbed_batch, traces10 or realistic");
        }
    }

    static ByteString traceId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(16).put(RequestTemplate.TRACE_ID_MARKER).putLong(n + 1).array());
    }

    static ByteString spanId(long n) {
        return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(n).array());
    }

    static KeyValue intAttribute(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static KeyValue stringAttribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue boolAttribute(String key, boolean value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
    }
}
