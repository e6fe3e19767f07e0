package io.spanvault.query.jaeger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceId;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps OTLP spans to Jaeger's model as the OpenTelemetry Jaeger translator does: the resource becomes the
 * process ({@code service.name} its service, other attributes its tags); the span gets the scope as
 * {@code otel.scope.name}/{@code otel.scope.version}, its attributes, then {@code span.kind},
 * {@code otel.status_code}, {@code error=true} and {@code otel.status_description} from its status and
 * {@code w3c.tracestate}; the parent is the first CHILD_OF reference, links follow as FOLLOWS_FROM (or
 * CHILD_OF when the link says {@code opentracing.ref_type=child_of}); events become logs with the name as the
 * {@code event} field.
 */
public final class OtlpToJaeger {
    /** The service name Jaeger shows for a resource without {@code service.name}. */
    public static final String NO_SERVICE_NAME = "OTLP_ResourceNoServiceName";

    private static final JsonFactory JSON = new JsonFactory();

    private OtlpToJaeger() {
    }

    /** One trace's spans (those of {@code data}, which must all belong to one trace) in Jaeger's model. */
    public static JaegerTrace trace(TracesData data) {
        List<JaegerSpan> spans = new ArrayList<>();
        for (ResourceSpans resourceSpans : data.getResourceSpansList()) {
            JaegerProcess process = process(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    spans.add(span(span, scopeSpans.getScope(), process));
                }
            }
        }
        return new JaegerTrace(spans, List.of());
    }

    /** Spans of any number of traces (an uploaded file), one Jaeger trace per trace id in order of first use. */
    public static List<JaegerTrace> traces(TracesData data) {
        Map<TraceId, List<JaegerSpan>> byTrace = new LinkedHashMap<>();
        for (ResourceSpans resourceSpans : data.getResourceSpansList()) {
            JaegerProcess process = process(resourceSpans.getResource());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    JaegerSpan jaeger = span(span, scopeSpans.getScope(), process);
                    byTrace.computeIfAbsent(jaeger.traceId(), id -> new ArrayList<>()).add(jaeger);
                }
            }
        }
        List<JaegerTrace> traces = new ArrayList<>(byTrace.size());
        for (List<JaegerSpan> spans : byTrace.values()) {
            traces.add(new JaegerTrace(spans, List.of()));
        }
        return traces;
    }

    public static JaegerProcess process(Resource resource) {
        String serviceName = NO_SERVICE_NAME;
        List<JaegerKeyValue> tags = new ArrayList<>(resource.getAttributesCount());
        for (KeyValue attribute : resource.getAttributesList()) {
            if (attribute.getKey().equals("service.name") && attribute.getValue().hasStringValue()) {
                serviceName = attribute.getValue().getStringValue();
            } else {
                tags.add(tag(attribute.getKey(), attribute.getValue()));
            }
        }
        return new JaegerProcess(serviceName, tags);
    }

    public static JaegerSpan span(Span span, InstrumentationScope scope, JaegerProcess process) {
        TraceId traceId = TraceId.of(span.getTraceId());
        long start = span.getStartTimeUnixNano();
        long durationNanos = Math.max(0, span.getEndTimeUnixNano() - start);
        return new JaegerSpan(traceId, spanId(span.getSpanId().toByteArray()), span.getName(),
                references(span, traceId), start / 1000, durationNanos / 1000, tags(span, scope),
                logs(span), process, List.of());
    }

    private static List<JaegerReference> references(Span span, TraceId traceId) {
        List<JaegerReference> references = new ArrayList<>(span.getLinksCount() + 1);
        if (!span.getParentSpanId().isEmpty()) {
            references.add(new JaegerReference(JaegerReference.Type.CHILD_OF, traceId,
                    spanId(span.getParentSpanId().toByteArray())));
        }
        for (Span.Link link : span.getLinksList()) {
            if (link.getTraceId().size() != 16 || link.getSpanId().size() != 8) {
                continue;
            }
            references.add(new JaegerReference(refType(link), TraceId.of(link.getTraceId()),
                    spanId(link.getSpanId().toByteArray())));
        }
        return references;
    }

    private static JaegerReference.Type refType(Span.Link link) {
        for (KeyValue attribute : link.getAttributesList()) {
            if (attribute.getKey().equals("opentracing.ref_type")
                    && attribute.getValue().getStringValue().equals("child_of")) {
                return JaegerReference.Type.CHILD_OF;
            }
        }
        return JaegerReference.Type.FOLLOWS_FROM;
    }

    private static List<JaegerKeyValue> tags(Span span, InstrumentationScope scope) {
        List<JaegerKeyValue> tags = new ArrayList<>(span.getAttributesCount() + 4);
        if (!scope.getName().isEmpty()) {
            tags.add(JaegerKeyValue.string("otel.scope.name", scope.getName()));
        }
        if (!scope.getVersion().isEmpty()) {
            tags.add(JaegerKeyValue.string("otel.scope.version", scope.getVersion()));
        }
        for (KeyValue attribute : span.getAttributesList()) {
            tags.add(tag(attribute.getKey(), attribute.getValue()));
        }
        String kind = spanKind(span.getKind());
        if (kind != null) {
            tags.add(JaegerKeyValue.string("span.kind", kind));
        }
        Status status = span.getStatus();
        if (status.getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
            tags.add(JaegerKeyValue.string("otel.status_code", "ERROR"));
            tags.add(JaegerKeyValue.bool("error", true));
        } else if (status.getCode() == Status.StatusCode.STATUS_CODE_OK) {
            tags.add(JaegerKeyValue.string("otel.status_code", "OK"));
        }
        if (!status.getMessage().isEmpty()) {
            tags.add(JaegerKeyValue.string("otel.status_description", status.getMessage()));
        }
        if (!span.getTraceState().isEmpty()) {
            tags.add(JaegerKeyValue.string("w3c.tracestate", span.getTraceState()));
        }
        return tags;
    }

    private static List<JaegerLog> logs(Span span) {
        List<JaegerLog> logs = new ArrayList<>(span.getEventsCount());
        for (Span.Event event : span.getEventsList()) {
            List<JaegerKeyValue> fields = new ArrayList<>(event.getAttributesCount() + 1);
            if (!event.getName().isEmpty()) {
                fields.add(JaegerKeyValue.string("event", event.getName()));
            }
            for (KeyValue attribute : event.getAttributesList()) {
                fields.add(tag(attribute.getKey(), attribute.getValue()));
            }
            logs.add(new JaegerLog(event.getTimeUnixNano() / 1000, fields));
        }
        return logs;
    }

    /** Jaeger's (OpenTracing's) name of an OTLP span kind, or null for an unspecified kind. */
    public static String spanKind(Span.SpanKind kind) {
        switch (kind) {
            case SPAN_KIND_SERVER:
                return "server";
            case SPAN_KIND_CLIENT:
                return "client";
            case SPAN_KIND_PRODUCER:
                return "producer";
            case SPAN_KIND_CONSUMER:
                return "consumer";
            case SPAN_KIND_INTERNAL:
                return "internal";
            default:
                return null;
        }
    }

    /** Arrays and maps have no Jaeger type; like the translator, they become strings holding their JSON. */
    static JaegerKeyValue tag(String key, AnyValue value) {
        switch (value.getValueCase()) {
            case BOOL_VALUE:
                return JaegerKeyValue.bool(key, value.getBoolValue());
            case INT_VALUE:
                return JaegerKeyValue.int64(key, value.getIntValue());
            case DOUBLE_VALUE:
                return JaegerKeyValue.float64(key, value.getDoubleValue());
            case BYTES_VALUE:
                return JaegerKeyValue.binary(key, value.getBytesValue());
            case ARRAY_VALUE:
            case KVLIST_VALUE:
                return JaegerKeyValue.string(key, json(value));
            default:
                return JaegerKeyValue.string(key, value.getStringValue());
        }
    }

    private static String json(AnyValue value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeJson(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeJson(JsonGenerator g, AnyValue value) throws IOException {
        switch (value.getValueCase()) {
            case BOOL_VALUE -> g.writeBoolean(value.getBoolValue());
            case INT_VALUE -> g.writeNumber(value.getIntValue());
            case DOUBLE_VALUE -> g.writeNumber(value.getDoubleValue());
            case BYTES_VALUE -> g.writeBinary(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> {
                g.writeStartArray();
                for (AnyValue element : value.getArrayValue().getValuesList()) {
                    writeJson(g, element);
                }
                g.writeEndArray();
            }
            case KVLIST_VALUE -> {
                g.writeStartObject();
                for (KeyValue entry : value.getKvlistValue().getValuesList()) {
                    g.writeFieldName(entry.getKey());
                    writeJson(g, entry.getValue());
                }
                g.writeEndObject();
            }
            case STRING_VALUE -> g.writeString(value.getStringValue());
            default -> g.writeNull();
        }
    }

    private static long spanId(byte[] bytes) {
        long v = 0;
        for (int i = 0; i < bytes.length && i < 8; i++) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        return v;
    }
}
