package io.spanvault.query.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trace as the Jaeger UI's JSON ({@code uimodel.Trace}): spans refer to processes by ids
 * {@code p1, p2, …} given in order of first use, equal processes sharing one id; int64 values beyond
 * JavaScript's safe integers are written as strings so the UI does not round them.
 */
public final class UiTraceWriter {
    private static final long JS_MAX_SAFE_INTEGER = (1L << 53) - 1;

    private UiTraceWriter() {
    }

    public static void write(JsonGenerator g, JaegerTrace trace) throws IOException {
        Map<JaegerProcess, String> processIds = new LinkedHashMap<>();
        g.writeStartObject();
        g.writeStringField("traceID", trace.spans().isEmpty() ? "" : JaegerIds.traceId(trace.spans().get(0).traceId()));
        g.writeArrayFieldStart("spans");
        for (JaegerSpan span : trace.spans()) {
            String processId = processIds.computeIfAbsent(span.process(), p -> "p" + (processIds.size() + 1));
            writeSpan(g, span, processId);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("processes");
        for (Map.Entry<JaegerProcess, String> e : processIds.entrySet()) {
            g.writeObjectFieldStart(e.getValue());
            g.writeStringField("serviceName", e.getKey().serviceName());
            writeKeyValues(g, "tags", e.getKey().tags());
            g.writeEndObject();
        }
        g.writeEndObject();
        writeWarnings(g, trace.warnings());
        g.writeEndObject();
    }

    private static void writeSpan(JsonGenerator g, JaegerSpan span, String processId) throws IOException {
        g.writeStartObject();
        g.writeStringField("traceID", JaegerIds.traceId(span.traceId()));
        g.writeStringField("spanID", JaegerIds.spanId(span.spanId()));
        g.writeStringField("operationName", span.operationName());
        g.writeArrayFieldStart("references");
        for (JaegerReference reference : span.references()) {
            g.writeStartObject();
            g.writeStringField("refType", reference.type().name());
            g.writeStringField("traceID", JaegerIds.traceId(reference.traceId()));
            g.writeStringField("spanID", JaegerIds.spanId(reference.spanId()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("startTime", span.startTimeMicros());
        g.writeNumberField("duration", span.durationMicros());
        writeKeyValues(g, "tags", span.tags());
        g.writeArrayFieldStart("logs");
        for (JaegerLog log : span.logs()) {
            g.writeStartObject();
            g.writeNumberField("timestamp", log.timestampMicros());
            writeKeyValues(g, "fields", log.fields());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("processID", processId);
        writeWarnings(g, span.warnings());
        g.writeEndObject();
    }

    private static void writeKeyValues(JsonGenerator g, String field, List<JaegerKeyValue> keyValues)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (JaegerKeyValue kv : keyValues) {
            g.writeStartObject();
            g.writeStringField("key", kv.key());
            g.writeStringField("type", kv.type().uiName());
            g.writeFieldName("value");
            writeValue(g, kv);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeValue(JsonGenerator g, JaegerKeyValue kv) throws IOException {
        switch (kv.type()) {
            case BOOL -> g.writeBoolean((Boolean) kv.value());
            case INT64 -> {
                long v = (Long) kv.value();
                if (v > JS_MAX_SAFE_INTEGER || v < -JS_MAX_SAFE_INTEGER) {
                    g.writeString(Long.toString(v));
                } else {
                    g.writeNumber(v);
                }
            }
            case FLOAT64 -> {
                double v = (Double) kv.value();
                // JSON has no NaN or infinities; the string keeps the value readable instead of failing the trace.
                if (Double.isFinite(v)) {
                    g.writeNumber(v);
                } else {
                    g.writeString(Double.toString(v));
                }
            }
            case BINARY -> g.writeBinary(((ByteString) kv.value()).toByteArray());
            default -> g.writeString((String) kv.value());
        }
    }

    private static void writeWarnings(JsonGenerator g, List<String> warnings) throws IOException {
        g.writeFieldName("warnings");
        if (warnings.isEmpty()) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (String warning : warnings) {
            g.writeString(warning);
        }
        g.writeEndArray();
    }
}
