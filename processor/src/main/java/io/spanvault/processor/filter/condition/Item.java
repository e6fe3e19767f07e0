package io.spanvault.processor.filter.condition;

import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;

/** What a condition looks at: a span (and, for span event conditions, one of its events) with its context. */
public record Item(Resource resource, InstrumentationScope scope, Span span, Span.Event event) {

    public static Item span(Resource resource, InstrumentationScope scope, Span span) {
        return new Item(resource, scope, span, null);
    }
}
