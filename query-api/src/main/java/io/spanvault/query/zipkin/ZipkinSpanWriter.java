package io.spanvault.query.zipkin;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.query.jaeger.OtlpToJaeger;
import java.io.IOException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Writes OTLP spans in Zipkin's JSON v2 span model, as the Collector's Zipkin exporter translates them and the
 * reverse of the {@code zipkin} receiver: the resource's {@code service.name} is the local endpoint's service,
 * {@code net.host.ip}/{@code net.host.port} its address, {@code peer.service}, {@code net.peer.ip},
 * {@code net.peer.port} the remote endpoint; other resource and span attributes, the scope
 * ({@code otel.scope.name}/{@code otel.scope.version}), the status ({@code otel.status_code},
 * {@code otel.status_description}, and {@code error} for an error) and the trace state are tags; events are
 * annotations. Trace ids whose high half is zero (64-bit Zipkin ids) are written with 16 digits.
 */
public final class ZipkinSpanWriter {
    static final String START_TIME_ABSENT = "otel.zipkin.absentField.startTime";
    private static final Set<String> ENDPOINT_ATTRIBUTES = Set.of("net.host.ip", "net.host.port", "peer.service",
            "net.peer.ip", "net.peer.port", START_TIME_ABSENT);
    private static final HexFormat HEX = HexFormat.of();

    private ZipkinSpanWriter() {
    }

    /**
     * Every span of {@code trace} as one JSON array. A server span with the id of a client span of the trace is
     * the other half of a span both sides reported (OTLP keeps no {@code shared} flag), so it is written shared.
     */
    public static void writeTrace(JsonGenerator g, TracesData trace) throws IOException {
        Set<ByteString> clientIds = new HashSet<>();
        for (ResourceSpans resource : trace.getResourceSpansList()) {
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    if (span.getKind() == Span.SpanKind.SPAN_KIND_CLIENT) {
                        clientIds.add(span.getSpanId());
                    }
                }
            }
        }
        g.writeStartArray();
        for (ResourceSpans resource : trace.getResourceSpansList()) {
            String service = serviceName(resource.getResource());
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    boolean shared = span.getKind() == Span.SpanKind.SPAN_KIND_SERVER
                            && clientIds.contains(span.getSpanId());
                    writeSpan(g, span, service, resource.getResource(), scope.getScope(), shared);
                }
            }
        }
        g.writeEndArray();
    }

    /** The resource's {@code service.name}, or null without one. */
    static String serviceName(Resource resource) {
        for (KeyValue attribute : resource.getAttributesList()) {
            if (attribute.getKey().equals("service.name")) {
                return text(attribute.getValue());
            }
        }
        return null;
    }

    static String traceId(ByteString id) {
        String hex = HEX.formatHex(id.toByteArray());
        return hex.length() == 32 && hex.startsWith("0000000000000000") ? hex.substring(16) : hex;
    }

    private static void writeSpan(JsonGenerator g, Span span, String service, Resource resource,
            InstrumentationScope scope, boolean shared) throws IOException {
        g.writeStartObject();
        g.writeStringField("traceId", traceId(span.getTraceId()));
        if (!span.getParentSpanId().isEmpty()) {
            g.writeStringField("parentId", HEX.formatHex(span.getParentSpanId().toByteArray()));
        }
        g.writeStringField("id", HEX.formatHex(span.getSpanId().toByteArray()));
        String kind = kind(span.getKind());
        if (kind != null) {
            g.writeStringField("kind", kind);
        }
        g.writeStringField("name", span.getName());
        boolean absentStart = false;
        for (KeyValue attribute : span.getAttributesList()) {
            absentStart |= attribute.getKey().equals(START_TIME_ABSENT) && attribute.getValue().getBoolValue();
        }
        long start = span.getStartTimeUnixNano() / 1000;
        long duration = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1000;
        if (!absentStart && start > 0) {
            g.writeNumberField("timestamp", start);
        }
        if (duration > 0) {
            g.writeNumberField("duration", duration);
        }
        writeEndpoint(g, "localEndpoint", service, span, "net.host.ip", "net.host.port", null);
        writeEndpoint(g, "remoteEndpoint", null, span, "net.peer.ip", "net.peer.port", "peer.service");
        if (span.getEventsCount() > 0) {
            g.writeArrayFieldStart("annotations");
            for (Span.Event event : span.getEventsList()) {
                g.writeStartObject();
                g.writeNumberField("timestamp", event.getTimeUnixNano() / 1000);
                g.writeStringField("value", event.getName());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        writeTags(g, span, resource, scope);
        if (shared) {
            g.writeBooleanField("shared", true);
        }
        g.writeEndObject();
    }

    private static void writeEndpoint(JsonGenerator g, String field, String service, Span span, String ipKey,
            String portKey, String serviceKey) throws IOException {
        String ip = null;
        long port = 0;
        for (KeyValue attribute : span.getAttributesList()) {
            String key = attribute.getKey();
            if (key.equals(ipKey)) {
                ip = text(attribute.getValue());
            } else if (key.equals(portKey)) {
                port = attribute.getValue().hasIntValue() ? attribute.getValue().getIntValue()
                        : parsePort(text(attribute.getValue()));
            } else if (key.equals(serviceKey)) {
                service = text(attribute.getValue());
            }
        }
        if (service == null && ip == null && port <= 0) {
            return;
        }
        g.writeObjectFieldStart(field);
        if (service != null) {
            g.writeStringField("serviceName", service);
        }
        if (ip != null) {
            g.writeStringField(ip.indexOf(':') >= 0 ? "ipv6" : "ipv4", ip);
        }
        if (port > 0) {
            g.writeNumberField("port", port);
        }
        g.writeEndObject();
    }

    private static long parsePort(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void writeTags(JsonGenerator g, Span span, Resource resource, InstrumentationScope scope)
            throws IOException {
        g.writeObjectFieldStart("tags");
        for (KeyValue attribute : resource.getAttributesList()) {
            if (!attribute.getKey().equals("service.name")) {
                g.writeStringField(attribute.getKey(), text(attribute.getValue()));
            }
        }
        if (!scope.getName().isEmpty()) {
            g.writeStringField("otel.scope.name", scope.getName());
        }
        if (!scope.getVersion().isEmpty()) {
            g.writeStringField("otel.scope.version", scope.getVersion());
        }
        boolean errorTag = false;
        for (KeyValue attribute : span.getAttributesList()) {
            if (!ENDPOINT_ATTRIBUTES.contains(attribute.getKey())) {
                g.writeStringField(attribute.getKey(), text(attribute.getValue()));
                errorTag |= attribute.getKey().equals("error");
            }
        }
        Status status = span.getStatus();
        if (status.getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            g.writeStringField("otel.status_code", "ERROR");
            if (!errorTag) {
                g.writeStringField("error", "true");
            }
        } else if (status.getCode() == Status.StatusCode.STATUS_CODE_OK) {
            g.writeStringField("otel.status_code", "OK");
        }
        if (!status.getMessage().isEmpty()) {
            g.writeStringField("otel.status_description", status.getMessage());
        }
        if (!span.getTraceState().isEmpty()) {
            g.writeStringField("w3c.tracestate", span.getTraceState());
        }
        g.writeEndObject();
    }

    static String kind(Span.SpanKind kind) {
        return switch (kind) {
            case SPAN_KIND_CLIENT -> "CLIENT";
            case SPAN_KIND_SERVER -> "SERVER";
            case SPAN_KIND_PRODUCER -> "PRODUCER";
            case SPAN_KIND_CONSUMER -> "CONSUMER";
            default -> null;
        };
    }

    /** An attribute's value as Zipkin's string tag: scalars as text, arrays and maps as JSON. */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> OtlpToJaeger.json(value);
            default -> "";
        };
    }
}
