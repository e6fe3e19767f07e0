package io.spanvault.processor.tailsampling.policy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.pipeline.testkit.TestTraces;
import java.util.ArrayList;
import java.util.List;

/** A trace built span by span for policy tests. */
public final class TestTrace implements TraceData {
    private final ByteString traceId;
    private final List<Span> spans = new ArrayList<>();
    private Resource resource = TestTraces.resource("svc");

    public TestTrace(long id) {
        this(TestTraces.traceId(id));
    }

    public TestTrace(ByteString traceId) {
        this.traceId = traceId;
    }

    /** Adds a span from {@code startMs} to {@code endMs} (milliseconds) with these attributes. */
    public TestTrace span(long startMs, long endMs, KeyValue... attributes) {
        spans.add(Span.newBuilder().setTraceId(traceId).setSpanId(TestTraces.spanId(spans.size() + 1)).setName("op")
                .setStartTimeUnixNano(startMs * 1_000_000).setEndTimeUnixNano(endMs * 1_000_000)
                .addAllAttributes(List.of(attributes)).build());
        return this;
    }

    public TestTrace spans(int n) {
        for (int i = 0; i < n; i++) {
            span(0, 1);
        }
        return this;
    }

    public TestTrace status(Status.StatusCode code) {
        int last = spans.size() - 1;
        spans.set(last, spans.get(last).toBuilder().setStatus(Status.newBuilder().setCode(code)).build());
        return this;
    }

    public TestTrace traceState(String traceState) {
        int last = spans.size() - 1;
        spans.set(last, spans.get(last).toBuilder().setTraceState(traceState).build());
        return this;
    }

    public TestTrace resource(KeyValue... attributes) {
        resource = resource.toBuilder().addAllAttributes(List.of(attributes)).build();
        return this;
    }

    public static KeyValue attr(String key, Object value) {
        AnyValue.Builder v = AnyValue.newBuilder();
        if (value instanceof String s) {
            v.setStringValue(s);
        } else if (value instanceof Long l) {
            v.setIntValue(l);
        } else if (value instanceof Integer i) {
            v.setIntValue(i);
        } else if (value instanceof Double d) {
            v.setDoubleValue(d);
        } else {
            v.setBoolValue((Boolean) value);
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    @Override
    public ByteString traceId() {
        return traceId;
    }

    @Override
    public int spanCount() {
        return spans.size();
    }

    @Override
    public List<ResourceSpans> batches() {
        return List.of(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans)).build());
    }
}
