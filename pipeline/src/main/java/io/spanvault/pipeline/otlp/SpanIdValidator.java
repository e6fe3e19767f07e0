package io.spanvault.pipeline.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Checks the ids every span must have (a 16-byte trace id that is not all zero, an 8-byte span id) and
 * drops only the spans that fail, so one bad span never costs the rest of its request.
 */
public final class SpanIdValidator {
    /** How many individual problems a message lists before it only counts. */
    private static final int MAX_LISTED = 3;

    private SpanIdValidator() {
    }

    /** The outcome: the request holding the valid spans, and how many were dropped and why. */
    public record Result(ExportTraceServiceRequest accepted, int rejectedSpans, String message) {
        public boolean allValid() {
            return rejectedSpans == 0;
        }
    }

    /** The problem with this span's ids, or null when they are valid. */
    public static String problem(Span span) {
        ByteString traceId = span.getTraceId();
        if (traceId.size() != 16) {
            return "trace_id must be 16 bytes, got " + traceId.size();
        }
        if (allZero(traceId)) {
            return "trace_id must not be all zero";
        }
        if (span.getSpanId().size() != 8) {
            return "span_id must be 8 bytes, got " + span.getSpanId().size();
        }
        return null;
    }

    /** Validates every span; a request with only valid spans comes back as the same object, unchanged. */
    public static Result validate(ExportTraceServiceRequest request) {
        if (hasInvalid(request)) {
            return dropInvalid(request);
        }
        return new Result(request, 0, "");
    }

    private static boolean hasInvalid(ExportTraceServiceRequest request) {
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    if (problem(span) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Result dropInvalid(ExportTraceServiceRequest request) {
        ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
        StringBuilder message = new StringBuilder();
        int rejected = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            ResourceSpans.Builder resource = rs.toBuilder().clearScopeSpans();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder scope = ss.toBuilder().clearSpans();
                for (Span span : ss.getSpansList()) {
                    String problem = problem(span);
                    if (problem == null) {
                        scope.addSpans(span);
                        continue;
                    }
                    if (rejected < MAX_LISTED) {
                        message.append(rejected == 0 ? "" : "; ").append("span '").append(span.getName())
                                .append("': ").append(problem);
                    }
                    rejected++;
                }
                if (scope.getSpansCount() > 0) {
                    resource.addScopeSpans(scope);
                }
            }
            if (resource.getScopeSpansCount() > 0) {
                out.addResourceSpans(resource);
            }
        }
        if (rejected > MAX_LISTED) {
            message.append("; and ").append(rejected - MAX_LISTED).append(" more");
        }
        return new Result(out.build(), rejected,
                rejected + (rejected == 1 ? " span" : " spans") + " rejected: " + message);
    }

    private static boolean allZero(ByteString id) {
        for (int i = 0; i < id.size(); i++) {
            if (id.byteAt(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
