package io.spanvault.exporter.loadbalancing;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Splits a logs request into one request per backend: by {@code traceID} each log record goes where its trace
 * id hashes to, so a trace's logs meet its spans (records without a trace id go together to one backend
 * picked at random per request, as the collector does); by {@code service} or {@code resource} whole
 * resources move ({@link ResourceRouting}). Scopes whose records all go to one backend are reused.
 */
final class LogRouter implements Router<ExportLogsServiceRequest> {
    private final RoutingKey key;

    LogRouter(RoutingKey key) {
        this.key = key;
    }

    @Override
    public Map<String, ExportLogsServiceRequest> split(ExportLogsServiceRequest request, HashRing ring) {
        if (key != RoutingKey.TRACE_ID) {
            return ResourceRouting.split(request, request.getResourceLogsList(), ResourceLogs::getResource, key, ring,
                    part -> ExportLogsServiceRequest.newBuilder().addAllResourceLogs(part).build());
        }
        String untraced = ring.endpointFor(Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Map<String, ExportLogsServiceRequest.Builder> out = new LinkedHashMap<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            Map<String, ResourceLogs.Builder> resources = new LinkedHashMap<>();
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                Map<String, ScopeLogs.Builder> scopes = new LinkedHashMap<>();
                for (LogRecord record : sl.getLogRecordsList()) {
                    String endpoint = record.getTraceId().isEmpty() ? untraced : ring.endpointFor(record.getTraceId());
                    scopes.computeIfAbsent(endpoint, e -> ScopeLogs.newBuilder().setScope(sl.getScope())
                            .setSchemaUrl(sl.getSchemaUrl())).addLogRecords(record);
                }
                scopes.forEach((endpoint, scope) -> resources.computeIfAbsent(endpoint, e -> ResourceLogs.newBuilder()
                        .setResource(rl.getResource()).setSchemaUrl(rl.getSchemaUrl()))
                        .addScopeLogs(scopes.size() == 1 ? sl : scope.build()));
            }
            resources.forEach((endpoint, resource) -> out.computeIfAbsent(endpoint,
                    e -> ExportLogsServiceRequest.newBuilder()).addResourceLogs(resource));
        }
        if (out.size() == 1) {
            return Map.of(out.keySet().iterator().next(), request);
        }
        Map<String, ExportLogsServiceRequest> parts = new LinkedHashMap<>();
        out.forEach((endpoint, builder) -> parts.put(endpoint, builder.build()));
        return parts;
    }
}
