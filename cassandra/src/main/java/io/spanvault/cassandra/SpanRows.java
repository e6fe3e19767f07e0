package io.spanvault.cassandra;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.otlp.Attributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a batch into one {@link SpanRow} per span, grouped by trace (each trace is one partition of the
 * {@code spans} table). A span's body is framed from the bytes of its resource and scope, encoded once per
 * resource and scope rather than once per span.
 */
final class SpanRows {
    private final Map<ByteString, List<SpanRow>> byTrace = new LinkedHashMap<>();
    private long invalid;

    private SpanRows() {
    }

    static SpanRows of(ExportTraceServiceRequest batch) {
        SpanRows rows = new SpanRows();
        for (ResourceSpans rs : batch.getResourceSpansList()) {
            String service = Attributes.serviceName(rs.getResource());
            ByteString resourcePart = resourcePart(rs);
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ByteString scopePart = scopePart(ss);
                for (Span span : ss.getSpansList()) {
                    if (span.getTraceId().size() != 16) {
                        rows.invalid++;
                        continue;
                    }
                    rows.byTrace.computeIfAbsent(span.getTraceId(), k -> new ArrayList<>())
                            .add(new SpanRow(span.getTraceId(), span.getSpanId(), span.getParentSpanId(), service,
                                    rs.getResource(), ss.getScope(), span, body(resourcePart, scopePart, span)));
                }
            }
        }
        return rows;
    }

    Map<ByteString, List<SpanRow>> byTrace() {
        return byTrace;
    }

    /** Spans left out because their trace id is not 16 bytes. */
    long invalid() {
        return invalid;
    }

    /** ResourceSpans fields 1 (resource) and 3 (schema_url), framed. */
    private static ByteString resourcePart(ResourceSpans rs) {
        ResourceSpans head = ResourceSpans.newBuilder().setResource(rs.getResource()).setSchemaUrl(rs.getSchemaUrl())
                .build();
        return head.toByteString();
    }

    /** ScopeSpans fields 1 (scope) and 3 (schema_url), framed. */
    private static ByteString scopePart(ScopeSpans ss) {
        return ScopeSpans.newBuilder().setScope(ss.getScope()).setSchemaUrl(ss.getSchemaUrl()).build().toByteString();
    }

    /** {@code ResourceSpans{resource, schema_url, scope_spans: [ScopeSpans{scope, schema_url, spans: [span]}]}}. */
    private static ByteString body(ByteString resourcePart, ByteString scopePart, Span span) {
        int spanSize = span.getSerializedSize();
        int scopeSize = scopePart.size() + CodedOutputStream.computeTagSize(ScopeSpans.SPANS_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(spanSize) + spanSize;
        int size = resourcePart.size() + CodedOutputStream.computeTagSize(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(scopeSize) + scopeSize;
        byte[] out = new byte[size];
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        try {
            coded.writeRawBytes(resourcePart);
            coded.writeTag(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
            coded.writeUInt32NoTag(scopeSize);
            coded.writeRawBytes(scopePart);
            coded.writeTag(ScopeSpans.SPANS_FIELD_NUMBER, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
            coded.writeUInt32NoTag(spanSize);
            span.writeTo(coded);
            coded.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a span into a sized array", e);
        }
        return com.google.protobuf.UnsafeByteOperations.unsafeWrap(out);
    }
}
