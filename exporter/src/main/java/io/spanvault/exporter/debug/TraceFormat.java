package io.spanvault.exporter.debug;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.config.GoDuration;
import io.spanvault.pipeline.signal.Signal;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/** Debug lines for traces: one per span with its ids, name, kind, duration and status. */
final class TraceFormat implements SignalFormat<ExportTraceServiceRequest> {

    @Override
    public String summary(ExportTraceServiceRequest request) {
        return "traces: resource_spans=" + request.getResourceSpansCount() + " spans="
                + Signal.TRACES.itemCount(request);
    }

    @Override
    public void items(ExportTraceServiceRequest request, boolean detailed, Consumer<String> out) {
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans resource = request.getResourceSpans(r);
            String service = OtlpText.serviceName(resource.getResource());
            if (detailed) {
                out.accept(OtlpText.resource(r, resource.getResource(), resource.getSchemaUrl()));
            }
            for (int s = 0; s < resource.getScopeSpansCount(); s++) {
                ScopeSpans scope = resource.getScopeSpans(s);
                if (detailed) {
                    out.accept(OtlpText.scope(s, scope.getScope()));
                }
                for (Span span : scope.getSpansList()) {
                    out.accept(line(span, service));
                    if (detailed) {
                        out.accept("      " + OtlpText.fields(span.toBuilder().clearTraceId().clearSpanId()
                                .clearParentSpanId().build()));
                    }
                }
            }
        }
    }

    private static String line(Span span, String service) {
        return "    span service=" + service + " trace_id=" + OtlpText.hex(span.getTraceId())
                + " span_id=" + OtlpText.hex(span.getSpanId())
                + (span.getParentSpanId().isEmpty() ? "" : " parent_span_id=" + OtlpText.hex(span.getParentSpanId()))
                + " name=\"" + span.getName() + "\" kind=" + kind(span.getKind())
                + " duration=" + GoDuration.format(Duration.ofNanos(span.getEndTimeUnixNano() - span.getStartTimeUnixNano()))
                + " status=" + status(span);
    }

    private static String kind(Span.SpanKind kind) {
        return kind == Span.SpanKind.UNRECOGNIZED ? "unknown" : kind.name().substring("SPAN_KIND_".length()).toLowerCase(Locale.ROOT);
    }

    private static String status(Span span) {
        String code = span.getStatus().getCode().name().replace("STATUS_CODE_", "").toLowerCase(Locale.ROOT);
        return span.getStatus().getMessage().isEmpty() ? code : code + " \"" + span.getStatus().getMessage() + "\"";
    }
}
