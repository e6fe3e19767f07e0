package io.spanvault.bench.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.query.zipkin.ZipkinSpanWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The load generator's spans as one Zipkin JSON v2 body (as the query API writes them), encoded once; a sender
 * overwrites the hex of the trace-id marker in its copy with the sequence number, as {@link RequestTemplate}
 * does in protobuf.
 */
final class ZipkinJsonTemplate extends EncodedRequests {
    private static final byte[] MARKER_HEX = HexFormat.of().formatHex(RequestTemplate.TRACE_ID_MARKER)
            .getBytes(StandardCharsets.US_ASCII);

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final int[] markerOffsets;

    ZipkinJsonTemplate(ExportTraceServiceRequest request) {
        super(json(request), RequestTemplate.spans(request));
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i + MARKER_HEX.length <= encoded.length; i++) {
            if (java.util.Arrays.equals(encoded, i, i + MARKER_HEX.length, MARKER_HEX, 0, MARKER_HEX.length)) {
                offsets.add(i);
            }
        }
        this.markerOffsets = offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    private static byte[] json(ExportTraceServiceRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(out)) {
            ZipkinSpanWriter.writeTrace(g, TracesData.newBuilder().addAllResourceSpans(request.getResourceSpansList())
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void stamp(byte[] out, int offset, long sequence) {
        for (int marker : markerOffsets) {
            for (int digit = 0; digit < MARKER_HEX.length; digit++) {
                out[offset + marker + digit] = HEX_DIGITS[(int) (sequence >>> (60 - 4 * digit)) & 0xf];
            }
        }
    }
}
