package io.spanvault.pipeline.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;

/** Reading OTLP attribute lists, which are key/value lists rather than maps. */
public final class Attributes {
    /** The service name of a resource without {@code service.name}, as the SDKs' default names it. */
    public static final String UNKNOWN_SERVICE = "unknown_service";

    private Attributes() {
    }

    /**
     * The value of the first attribute named {@code key} (as pdata reads it), or null. The keys are compared as
     * their UTF-8 bytes, so that the attributes keep them as the receiver parsed them (see
     * {@link TraceRequestParser}) for the store, instead of each key being decoded here and encoded again there.
     */
    public static AnyValue get(List<KeyValue> attributes, String key) {
        for (int i = 0, n = attributes.size(); i < n; i++) {
            KeyValue kv = attributes.get(i);
            if (sameText(kv.getKeyBytes(), key)) {
                return kv.getValue();
            }
        }
        return null;
    }

    /**
     * Whether the UTF-8 bytes spell the text. An ASCII text, as keys are, is compared byte by byte and a
     * different key is told apart at its first differing byte; only from a character beyond ASCII on, where
     * byte and character positions part, are the bytes decoded.
     */
    static boolean sameText(ByteString utf8, String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                return utf8.size() > n && utf8.toStringUtf8().equals(text);
            }
            if (i >= utf8.size() || utf8.byteAt(i) != c) {
                return false;
            }
        }
        return utf8.size() == n;
    }

    /** The resource's {@code service.name}, or {@value #UNKNOWN_SERVICE} when it has none. */
    public static String serviceName(Resource resource) {
        AnyValue name = get(resource.getAttributesList(), "service.name");
        return name != null && name.hasStringValue() ? name.getStringValue() : UNKNOWN_SERVICE;
    }

    /** A value as text, as pdata's {@code AsString}: strings as they are, numbers and booleans printed, the rest as JSON. */
    public static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> json(value);
            default -> "";
        };
    }

    private static String json(AnyValue value) {
        StringBuilder out = new StringBuilder();
        appendJson(out, value);
        return out.toString();
    }

    private static void appendJson(StringBuilder out, AnyValue value) {
        switch (value.getValueCase()) {
            case ARRAY_VALUE -> {
                out.append('[');
                List<AnyValue> values = value.getArrayValue().getValuesList();
                for (int i = 0; i < values.size(); i++) {
                    out.append(i > 0 ? "," : "");
                    appendJson(out, values.get(i));
                }
                out.append(']');
            }
            case KVLIST_VALUE -> {
                out.append('{');
                List<KeyValue> entries = value.getKvlistValue().getValuesList();
                for (int i = 0; i < entries.size(); i++) {
                    out.append(i > 0 ? "," : "");
                    quote(out, entries.get(i).getKey());
                    out.append(':');
                    appendJson(out, entries.get(i).getValue());
                }
                out.append('}');
            }
            case STRING_VALUE, BYTES_VALUE -> quote(out, text(value));
            case VALUE_NOT_SET -> out.append("null");
            default -> out.append(text(value));
        }
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
        out.append('"');
    }
}
