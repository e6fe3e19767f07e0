package io.spanvault.pipeline.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/**
 * Checks the ids every span must have (a 16-byte trace id that is not all zero, an 8-byte span id), and where
 * a store's {@link SpanWindow} applies its start time, and drops only the spans that fail, so one bad span
 * never costs the rest of its request.
 */
public final class SpanIdValidator {
    /** How many individual problems a message lists before it only counts. */
    private static final int MAX_LISTED = 3;

    private SpanIdValidator() {
    }

    /**
     * The outcome: the request holding the valid spans, how many were dropped and why, and how many of those
     * for their start time alone.
     */
    public record Result(ExportTraceServiceRequest accepted, int rejectedSpans, String message, int outsideWindow) {
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
        return validate(request, null);
    }

    /** As {@link #validate(ExportTraceServiceRequest)}, also dropping spans outside {@code window} (when not null). */
    public static Result validate(ExportTraceServiceRequest request, SpanWindow window) {
        if (hasInvalid(request, window)) {
            return dropInvalid(request, window);
        }
        return new Result(request, 0, "", 0);
    }

    private static String problem(Span span, SpanWindow window) {
        String problem = problem(span);
        return problem != null || window == null ? problem : window.problem(span.getStartTimeUnixNano());
    }

    private static boolean hasInvalid(ExportTraceServiceRequest request, SpanWindow window) {
        for (ResourceSpans rs : request.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    if (problem(span, window) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Result dropInvalid(ExportTraceServiceRequest request, SpanWindow window) {
        ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
        StringBuilder message = new StringBuilder();
        int rejected = 0;
        int outsideWindow = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            ResourceSpans.Builder resource = rs.toBuilder().clearScopeSpans();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                ScopeSpans.Builder scope = ss.toBuilder().clearSpans();
                for (Span span : ss.getSpansList()) {
                    String idProblem = problem(span);
                    String problem = idProblem != null || window == null ? idProblem
                            : window.problem(span.getStartTimeUnixNano());
                    if (problem == null) {
                        scope.addSpans(span);
                        continue;
                    }
                    if (idProblem == null) {
                        outsideWindow++;
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
                rejected + (rejected == 1 ? " span" : " spans") + " rejected: " + message, outsideWindow);
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
