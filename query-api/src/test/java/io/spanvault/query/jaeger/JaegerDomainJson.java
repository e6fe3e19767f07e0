package io.spanvault.query.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.spanvault.pipeline.config.GoDuration;
import io.spanvault.storage.TraceId;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** Reads Jaeger's domain model JSON (as in Jaeger's uimodel test vectors) into our Jaeger model. */
final class JaegerDomainJson {
    private JaegerDomainJson() {
    }

    static JaegerTrace trace(JsonNode trace) {
        List<JaegerSpan> spans = new ArrayList<>();
        for (JsonNode span : trace.path("spans")) {
            spans.add(span(span));
        }
        return new JaegerTrace(spans, strings(trace.path("warnings")));
    }

    private static JaegerSpan span(JsonNode span) {
        List<JaegerReference> references = new ArrayList<>();
        for (JsonNode ref : span.path("references")) {
            references.add(new JaegerReference(JaegerReference.Type.valueOf(ref.path("refType").asText("CHILD_OF")),
                    traceId(ref.path("traceId").asText()), spanId(ref.path("spanId").asText())));
        }
        List<JaegerLog> logs = new ArrayList<>();
        for (JsonNode log : span.path("logs")) {
            logs.add(new JaegerLog(micros(log.path("timestamp").asText()), keyValues(log.path("fields"))));
        }
        JsonNode process = span.path("process");
        return new JaegerSpan(traceId(span.path("traceId").asText()), spanId(span.path("spanId").asText()),
                span.path("operationName").asText(), references, micros(span.path("startTime").asText()),
                GoDuration.parse(span.path("duration").asText()).toNanos() / 1000, keyValues(span.path("tags")),
                logs, new JaegerProcess(process.path("serviceName").asText(), keyValues(process.path("tags"))),
                strings(span.path("warnings")));
    }

    private static List<JaegerKeyValue> keyValues(JsonNode array) {
        List<JaegerKeyValue> out = new ArrayList<>();
        for (JsonNode kv : array) {
            String key = kv.path("key").asText();
            switch (kv.path("vType").asText("STRING")) {
                case "BOOL" -> out.add(JaegerKeyValue.bool(key, kv.path("vBool").asBoolean()));
                case "INT64" -> out.add(JaegerKeyValue.int64(key, kv.path("vInt64").asLong()));
                case "FLOAT64" -> out.add(JaegerKeyValue.float64(key, kv.path("vFloat64").asDouble()));
                case "BINARY" -> out.add(JaegerKeyValue.binary(key,
                        ByteString.copyFrom(Base64.getDecoder().decode(kv.path("vBinary").asText()))));
                default -> out.add(JaegerKeyValue.string(key, kv.path("vStr").asText()));
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static TraceId traceId(String base64) {
        return TraceId.fromHex(HexFormat.of().formatHex(Base64.getDecoder().decode(base64)));
    }

    private static long spanId(String base64) {
        return Long.parseUnsignedLong(HexFormat.of().formatHex(Base64.getDecoder().decode(base64)), 16);
    }

    private static long micros(String time) {
        Instant t = OffsetDateTime.parse(time).toInstant();
        return ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }
}
