package io.spanvault.query.jaeger;

import io.spanvault.storage.TraceId;

/** A span's reference to another span: its parent (CHILD_OF) or a link (FOLLOWS_FROM unless marked otherwise). */
public record JaegerReference(Type type, TraceId traceId, long spanId) {

    /** Jaeger's reference types, spelled as the UI expects them. */
    public enum Type {
        CHILD_OF, FOLLOWS_FROM
    }
}
