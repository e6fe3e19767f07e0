package io.spanvault.processor.matching;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.testkit.TestTraces;

/** Small spans, resources and scopes for matcher tests. */
final class Spans {
    private Spans() {
    }

    static Resource resource(String service, KeyValue... more) {
        Resource.Builder r = TestTraces.resource(service).toBuilder();
        for (KeyValue kv : more) {
            r.addAttributes(kv);
        }
        return r.build();
    }

    static InstrumentationScope scope(String name, String version) {
        return InstrumentationScope.newBuilder().setName(name).setVersion(version).build();
    }

    static Span span(String name, Span.SpanKind kind, KeyValue... attributes) {
        Span.Builder s = Span.newBuilder().setName(name).setKind(kind)
                .setTraceId(TestTraces.traceId(1)).setSpanId(TestTraces.spanId(1));
        for (KeyValue kv : attributes) {
            s.addAttributes(kv);
        }
        return s.build();
    }

    static KeyValue attr(String key, Object value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValues.fromConfig(value)).build();
    }
}
