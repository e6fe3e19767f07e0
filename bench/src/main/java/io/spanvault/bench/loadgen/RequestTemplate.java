package io.spanvault.bench.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A request encoded once. A sender stamps a sequence number over the marker half of every trace id of its
 * copy, so the server sees new traces without the generator encoding protobuf per request.
 */
public final class RequestTemplate extends EncodedRequests {
    /** The first 8 bytes of every trace id the {@link SpanShape}s build. */
    static final byte[] TRACE_ID_MARKER = {(byte) 0x5b, (byte) 0xa1, (byte) 0xc0, (byte) 0xff, (byte) 0xee,
            (byte) 0x5a, (byte) 0x4e, (byte) 0x01};
    // A Span's trace_id field: tag (field 1, length-delimited) then length 16.
    private static final byte[] TRACE_ID_PREFIX = {0x0a, 0x10};

    private static final VarHandle SEQUENCE = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.BIG_ENDIAN);

    private final int[] markerOffsets;

    public RequestTemplate(ExportTraceServiceRequest request) {
        super(request.toByteArray(), spans(request));
        this.markerOffsets = findMarkers(encoded);
        if (markerOffsets.length == 0) {
            throw new IllegalArgumentException("request has no trace id starting with the marker");
        }
    }

    static int spans(ExportTraceServiceRequest request) {
        return request.getResourceSpansList().stream().flatMap(r -> r.getScopeSpansList().stream())
                .mapToInt(s -> s.getSpansCount()).sum();
    }

    @Override
    public void stamp(byte[] out, int offset, long sequence) {
        for (int marker : markerOffsets) {
            SEQUENCE.set(out, offset + marker, sequence);
        }
    }

    private static int[] findMarkers(byte[] bytes) {
        List<Integer> found = new ArrayList<>();
        for (int i = 2; i + TRACE_ID_MARKER.length <= bytes.length; i++) {
            if (bytes[i - 2] == TRACE_ID_PREFIX[0] && bytes[i - 1] == TRACE_ID_PREFIX[1]
                    && Arrays.equals(bytes, i, i + TRACE_ID_MARKER.length, TRACE_ID_MARKER, 0, TRACE_ID_MARKER.length)) {
                found.add(i);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}
