package io.spanvault.receiver.zipkin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * OTLP fields Zipkin has no place for, which OpenTelemetry's Zipkin exporters pack into strings, unpacked as
 * the Collector's Zipkin receiver unpacks them: tags {@code otlp.link.0}, {@code otlp.link.1}, … holding
 * {@code traceId|spanId|traceState|{attributes}|droppedAttributes} become links; an annotation
 * {@code name|{attributes}|droppedAttributes} becomes an event with attributes. Attribute values are JSON:
 * a string, a number (integral ones are ints), or a boolean; anything else is left out, as there.
 */
final class PackedOtlpFields {
    static final String LINK_PREFIX = "otlp.link.";
    /** The Collector reads at most this many links. */
    private static final int MAX_LINKS = 128;
    private static final JsonFactory JSON = new JsonFactory();

    private PackedOtlpFields() {
    }

    /**
     * Takes the link tags out of {@code tags} and adds their links. A link tag with fewer than five parts is
     * dropped; one whose ids, attributes or count do not parse fails the request, as in the Collector.
     */
    static void links(Map<String, String> tags, Span.Builder span) {
        for (int i = 0; i < MAX_LINKS; i++) {
            String key = LINK_PREFIX + i;
            String value = tags.remove(key);
            if (value == null) {
                return;
            }
            String[] parts = value.split("\\|", -1);
            if (parts.length < 5) {
                continue;
            }
            try {
                Span.Link.Builder link = span.addLinksBuilder()
                        .setTraceId(id(parts[0], 16))
                        .setSpanId(id(parts[1], 8))
                        .setTraceState(parts[2])
                        .setDroppedAttributesCount(unsignedInt(parts[parts.length - 1]));
                link.addAllAttributes(attributes(middle(parts, 3)));
            } catch (IllegalArgumentException | IOException e) {
                throw new ZipkinFormatException("tag " + key + " '" + value + "' is not a link (traceId|spanId|"
                        + "traceState|{attributes}|dropped): " + e.getMessage());
            }
        }
    }

    /**
     * The event of an annotation. A value that does not unpack stays the event's name whole: Zipkin clients
     * write free text there, and one stray bar must not refuse their spans.
     */
    static void event(String value, Span.Event.Builder event) {
        String[] parts = value.split("\\|", -1);
        event.setName(parts[0]);
        if (parts.length < 3) {
            return;
        }
        try {
            List<KeyValue> attributes = attributes(middle(parts, 1));
            event.setDroppedAttributesCount(unsignedInt(parts[parts.length - 1])).addAllAttributes(attributes);
        } catch (IllegalArgumentException | IOException e) {
            event.setName(value).clearAttributes().setDroppedAttributesCount(0);
        }
    }

    /** Parts {@code from} up to the last, joined again: the attributes' JSON may itself hold bars. */
    private static String middle(String[] parts, int from) {
        return String.join("|", Arrays.copyOfRange(parts, from, parts.length - 1));
    }

    private static ByteString id(String hex, int bytes) {
        String digits = hex.length() >= 2 && hex.startsWith("\"") && hex.endsWith("\"")
                ? hex.substring(1, hex.length() - 1) : hex;
        if (digits.isEmpty()) {
            return ByteString.EMPTY;
        }
        if (digits.length() != 2 * bytes) {
            throw new IllegalArgumentException("id '" + digits + "' is not " + 2 * bytes + " hex digits");
        }
        return ByteString.copyFrom(HexFormat.of().parseHex(digits));
    }

    private static int unsignedInt(String text) {
        return Integer.parseUnsignedInt(text.strip());
    }

    private static List<KeyValue> attributes(String json) throws IOException {
        List<KeyValue> attributes = new ArrayList<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("attributes are not a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                AnyValue value = value(parser, parser.nextToken());
                if (value != null) {
                    attributes.add(KeyValue.newBuilder().setKey(key).setValue(value).build());
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("attributes are not one JSON object");
            }
        }
        return attributes;
    }

    private static AnyValue value(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return AnyValue.newBuilder().setStringValue(parser.getText()).build();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: {
                double d = parser.getDoubleValue();
                return d == Math.rint(d) && Math.abs(d) < 0x1p63
                        ? AnyValue.newBuilder().setIntValue((long) d).build()
                        : AnyValue.newBuilder().setDoubleValue(d).build();
            }
            case VALUE_TRUE:
            case VALUE_FALSE:
                return AnyValue.newBuilder().setBoolValue(token == JsonToken.VALUE_TRUE).build();
            case START_OBJECT:
            case START_ARRAY:
                parser.skipChildren();
                return null;
            default:
                return null;
        }
    }
}
