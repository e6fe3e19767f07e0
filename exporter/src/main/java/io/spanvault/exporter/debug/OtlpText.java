package io.spanvault.exporter.debug;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Readable spellings of OTLP values: hex ids, {@code key=value} attributes, times, whole messages. */
final class OtlpText {
    private static final HexFormat HEX = HexFormat.of();
    private static final TextFormat.Printer PRINTER = TextFormat.printer().emittingSingleLine(true);

    private OtlpText() {
    }

    static String hex(ByteString id) {
        return HEX.formatHex(id.toByteArray());
    }

    static String time(long unixNanos) {
        return Instant.ofEpochSecond(0, unixNanos).toString();
    }

    static String serviceName(Resource resource) {
        for (KeyValue attribute : resource.getAttributesList()) {
            if (attribute.getKey().equals("service.name")) {
                return value(attribute.getValue());
            }
        }
        return "";
    }

    static String attributes(List<KeyValue> attributes) {
        StringBuilder out = new StringBuilder("{");
        for (KeyValue attribute : attributes) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(attribute.getKey()).append('=').append(value(attribute.getValue()));
        }
        return out.append('}').toString();
    }

    static String value(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return Boolean.toString(value.getBoolValue());
            case INT_VALUE:
                return Long.toString(value.getIntValue());
            case DOUBLE_VALUE:
                return Double.toString(value.getDoubleValue());
            case BYTES_VALUE:
                return hex(value.getBytesValue());
            case VALUE_NOT_SET:
                return "";
            default:
                return PRINTER.printToString(value);
        }
    }

    static String resource(int index, Resource resource, String schemaUrl) {
        return "resource #" + index + " " + attributes(resource.getAttributesList())
                + (schemaUrl.isEmpty() ? "" : " schema_url=" + schemaUrl);
    }

    static String scope(int index, InstrumentationScope scope) {
        return "  scope #" + index + " " + scope.getName() + (scope.getVersion().isEmpty() ? "" : "@" + scope.getVersion())
                + (scope.getAttributesCount() == 0 ? "" : " " + attributes(scope.getAttributesList()));
    }

    /** Every set field of the message on one line. */
    static String fields(Message message) {
        return PRINTER.printToString(message).trim();
    }
}
