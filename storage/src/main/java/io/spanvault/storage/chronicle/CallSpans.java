package io.spanvault.storage.chronicle;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The spans of a chunk as the service map sees them: span id, parent span id (0 for none), service, start
 * and whether the span's status is an error; and the latest end of them all (for the trace's bounds). Ids are
 * the 8 bytes as a long (an id of another length is hashed).
 */
final class CallSpans {
    private long[] spanIds;
    private long[] parentIds;
    private long[] starts;
    private long latestEnd = Long.MIN_VALUE;
    private String[] services;
    private boolean[] errors;
    private int size;
    /** Above this many spans, ids are looked up in a hash map rather than by a scan. */
    private static final int LINEAR = 32;
    private Map<Long, String> byId;
    private int byIdSize;

    CallSpans(int expected) {
        int n = Math.max(1, expected);
        spanIds = new long[n];
        parentIds = new long[n];
        starts = new long[n];
        services = new String[n];
        errors = new boolean[n];
    }

    /** The spans of stored chunk bodies (a trace's earlier chunks). */
    static CallSpans of(TracesData data) {
        CallSpans out = new CallSpans(16);
        for (ResourceSpans rs : data.getResourceSpansList()) {
            String service = SearchTerms.serviceName(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    out.add(service, span);
                }
            }
        }
        return out;
    }

    void add(String service, Span span) {
        if (size == spanIds.length) {
            int n = size * 2;
            spanIds = Arrays.copyOf(spanIds, n);
            parentIds = Arrays.copyOf(parentIds, n);
            starts = Arrays.copyOf(starts, n);
            services = Arrays.copyOf(services, n);
            errors = Arrays.copyOf(errors, n);
        }
        spanIds[size] = id(span.getSpanId());
        parentIds[size] = id(span.getParentSpanId());
        starts[size] = span.getStartTimeUnixNano();
        latestEnd = Math.max(latestEnd, span.getEndTimeUnixNano());
        services[size] = service;
        errors[size] = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        size++;
    }

    static long id(ByteString bytes) {
        if (bytes.isEmpty()) {
            return 0;
        }
        if (bytes.size() != 8) {
            return bytes.hashCode() | 1L << 63;
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (bytes.byteAt(i) & 0xFF);
        }
        return v;
    }

    int size() {
        return size;
    }

    long spanId(int i) {
        return spanIds[i];
    }

    long parentId(int i) {
        return parentIds[i];
    }

    /** The start of span {@code i}, in nanoseconds since the epoch. */
    long start(int i) {
        return starts[i];
    }

    /** The latest end of the spans; {@link Long#MIN_VALUE} when there is none. */
    long latestEnd() {
        return latestEnd;
    }

    String service(int i) {
        return services[i];
    }

    boolean error(int i) {
        return errors[i];
    }

    /** The service of the first span with id {@code spanId}, or null. */
    String serviceOf(long spanId) {
        if (size > LINEAR) {
            if (byId == null || byIdSize != size) {
                byId = new HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    byId.putIfAbsent(spanIds[i], services[i]);
                }
                byIdSize = size;
            }
            return byId.get(spanId);
        }
        for (int i = 0; i < size; i++) {
            if (spanIds[i] == spanId) {
                return services[i];
            }
        }
        return null;
    }
}
