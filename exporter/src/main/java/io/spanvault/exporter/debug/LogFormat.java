package io.spanvault.exporter.debug;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.spanvault.pipeline.signal.Signal;
import java.util.function.Consumer;

/** Debug lines for logs: one per record with its time, severity, body and trace context. */
final class LogFormat implements SignalFormat<ExportLogsServiceRequest> {

    @Override
    public String summary(ExportLogsServiceRequest request) {
        return "logs: resource_logs=" + request.getResourceLogsCount() + " log_records="
                + Signal.LOGS.itemCount(request);
    }

    @Override
    public void items(ExportLogsServiceRequest request, boolean detailed, Consumer<String> out) {
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs resource = request.getResourceLogs(r);
            String service = OtlpText.serviceName(resource.getResource());
            if (detailed) {
                out.accept(OtlpText.resource(r, resource.getResource(), resource.getSchemaUrl()));
            }
            for (int s = 0; s < resource.getScopeLogsCount(); s++) {
                ScopeLogs scope = resource.getScopeLogs(s);
                if (detailed) {
                    out.accept(OtlpText.scope(s, scope.getScope()));
                }
                for (LogRecord record : scope.getLogRecordsList()) {
                    out.accept(line(record, service));
                    if (detailed) {
                        out.accept("      " + OtlpText.fields(record.toBuilder().clearTraceId().clearSpanId().build()));
                    }
                }
            }
        }
    }

    private static String line(LogRecord record, String service) {
        long time = record.getTimeUnixNano() != 0 ? record.getTimeUnixNano() : record.getObservedTimeUnixNano();
        String severity = record.getSeverityText().isEmpty()
                ? record.getSeverityNumber().name().replace("SEVERITY_NUMBER_", "")
                : record.getSeverityText();
        return "    log service=" + service + " time=" + OtlpText.time(time) + " severity=" + severity
                + (record.getTraceId().isEmpty() ? "" : " trace_id=" + OtlpText.hex(record.getTraceId()))
                + (record.getSpanId().isEmpty() ? "" : " span_id=" + OtlpText.hex(record.getSpanId()))
                + " body=\"" + OtlpText.value(record.getBody()) + "\"";
    }
}
