package io.spanvault.receiver.zipkin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Zipkin's JSON v2 ({@code [{"traceId":…,"id":…,"localEndpoint":{…},"tags":{…}},…]}), streamed with Jackson.
 * Unknown fields are skipped; tag values that are numbers or booleans are taken as their text, as Zipkin does.
 */
final class ZipkinJsonV2Decoder {
    static final JsonFactory JSON = new JsonFactory();

    private ZipkinJsonV2Decoder() {
    }

    static List<ZipkinSpan> decode(InputStream body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new ZipkinFormatException("a Zipkin v2 JSON body is an array of spans");
            }
            List<ZipkinSpan> spans = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                spans.add(span(p, spans.size()));
            }
            return spans;
        } catch (JsonProcessingException e) {
            throw new ZipkinFormatException("malformed JSON: " + e.getOriginalMessage() + " at "
                    + e.getLocation().offsetDescription());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ZipkinSpan span(JsonParser p, int index) throws IOException {
        expect(p, JsonToken.START_OBJECT, "span " + index);
        ZipkinSpan span = new ZipkinSpan();
        CommonSpanFields common = new CommonSpanFields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (value == JsonToken.VALUE_NULL || common.read(field, p, span, index)) {
                continue;
            }
            switch (field) {
                case "kind" -> span.kind = kind(p.getText(), index);
                case "localEndpoint" -> span.localEndpoint = endpoint(p, index);
                case "remoteEndpoint" -> span.remoteEndpoint = endpoint(p, index);
                case "annotations" -> annotations(p, span, index);
                case "tags" -> tags(p, span, index);
                case "shared" -> span.shared = p.getValueAsBoolean();
                default -> p.skipChildren();
            }
        }
        common.finish(span, index);
        return span;
    }

    static String kind(String text, int index) {
        String kind = text.toUpperCase(Locale.ROOT);
        return switch (kind) {
            case "CLIENT", "SERVER", "PRODUCER", "CONSUMER" -> kind;
            default -> throw new ZipkinFormatException("span " + index + ": kind '" + text
                    + "' is not CLIENT, SERVER, PRODUCER or CONSUMER");
        };
    }

    static long micros(JsonParser p, String field, int index) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
            throw new ZipkinFormatException("span " + index + ": " + field + " must be a non-negative integer of"
                    + " microseconds, got " + p.getText());
        }
        return p.getLongValue();
    }

    static ZipkinEndpoint endpoint(JsonParser p, int index) throws IOException {
        expect(p, JsonToken.START_OBJECT, "span " + index + " endpoint");
        String service = null;
        String ipv4 = null;
        String ipv6 = null;
        int port = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (field) {
                case "serviceName" -> service = p.getText();
                case "ipv4" -> ipv4 = p.getText();
                case "ipv6" -> ipv6 = p.getText();
                case "port" -> port = p.getValueAsInt();
                default -> p.skipChildren();
            }
        }
        ZipkinEndpoint endpoint = new ZipkinEndpoint(service, ipv4, ipv6, port);
        return endpoint.isEmpty() ? null : endpoint;
    }

    private static void annotations(JsonParser p, ZipkinSpan span, int index) throws IOException {
        expect(p, JsonToken.START_ARRAY, "span " + index + " annotations");
        while (p.nextToken() == JsonToken.START_OBJECT) {
            long timestamp = 0;
            String value = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "timestamp" -> timestamp = micros(p, "annotation timestamp", index);
                    case "value" -> value = p.getText();
                    default -> p.skipChildren();
                }
            }
            if (value == null) {
                throw new ZipkinFormatException("span " + index + ": an annotation has no value");
            }
            span.annotations.add(new ZipkinSpan.Annotation(timestamp, value));
        }
    }

    private static void tags(JsonParser p, ZipkinSpan span, int index) throws IOException {
        expect(p, JsonToken.START_OBJECT, "span " + index + " tags");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value.isStructStart()) {
                throw new ZipkinFormatException("span " + index + ": tag '" + key + "' must be a string");
            }
            if (value != JsonToken.VALUE_NULL) {
                span.tags.put(key, p.getText());
            }
        }
    }

    static void expect(JsonParser p, JsonToken token, String what) {
        if (p.currentToken() != token) {
            throw new ZipkinFormatException(what + " must be a JSON " + (token == JsonToken.START_ARRAY ? "array"
                    : "object") + ", got " + p.currentToken().asString());
        }
    }
}
