package io.spanvault.cassandra;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.storage.chronicle.SearchTerms;

/**
 * One span as it is written: its row of the {@code spans} table ({@code body}: the OTLP ResourceSpans holding
 * its resource, its scope and itself) and what its index entries and service-map pairing need.
 */
record SpanRow(ByteString traceId, ByteString spanId, ByteString parentId, String service, Resource resource,
        InstrumentationScope scope, Span span, ByteString body) {

    long start() {
        return span.getStartTimeUnixNano();
    }

    long duration() {
        return Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
    }

    String operation() {
        return span.getName();
    }

    String kind() {
        return SearchTerms.kindName(span.getKind());
    }

    boolean error() {
        return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    }
}
