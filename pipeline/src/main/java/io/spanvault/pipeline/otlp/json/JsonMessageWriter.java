package io.spanvault.pipeline.otlp.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.util.Base64;

/**
 * Writes a protobuf message as OTLP/JSON: lowerCamelCase keys, ids as hex, enums as integers, 64-bit
 * integers as decimal strings, fields at their default value left out (as proto3 JSON does).
 */
final class JsonMessageWriter {
    private static final FieldDescriptor[] NO_ONEOFS = new FieldDescriptor[0];

    private JsonMessageWriter() {
    }

    /**
     * Each reflective access costs; a message is read with as few as its fields allow. A oneof's set case is
     * asked for once instead of every member's presence (an {@code AnyValue}, in every attribute, has seven),
     * and a field without presence is read once and compared with its default instead of asked twice.
     */
    static void writeMessage(MessageOrBuilder message, JsonGenerator g) throws IOException {
        FieldIndex index = FieldIndex.of(message.getDescriptorForType());
        // most OTLP messages have no oneof; they share one empty array rather than allocate one each
        FieldDescriptor[] setCases = index.realOneofs().isEmpty() ? NO_ONEOFS
                : new FieldDescriptor[index.oneofCount()];
        for (OneofDescriptor oneof : index.realOneofs()) {
            setCases[oneof.getIndex()] = message.getOneofFieldDescriptor(oneof);
        }
        g.writeStartObject();
        for (FieldDescriptor field : index.fields()) {
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (field.isRepeated()) {
                int n = message.getRepeatedFieldCount(field);
                if (n == 0) {
                    continue;
                }
                g.writeFieldName(field.getJsonName());
                g.writeStartArray();
                for (int i = 0; i < n; i++) {
                    writeValue(field, message.getRepeatedField(field, i), g);
                }
                g.writeEndArray();
            } else if (oneof != null) {
                if (setCases[oneof.getIndex()] == field) {
                    g.writeFieldName(field.getJsonName());
                    writeValue(field, message.getField(field), g);
                }
            } else if (field.hasPresence()) {
                if (message.hasField(field)) {
                    g.writeFieldName(field.getJsonName());
                    writeValue(field, message.getField(field), g);
                }
            } else {
                Object value = message.getField(field);
                if (!value.equals(field.getDefaultValue())) {
                    g.writeFieldName(field.getJsonName());
                    writeValue(field, value, g);
                }
            }
        }
        g.writeEndObject();
    }

    private static void writeValue(FieldDescriptor field, Object value, JsonGenerator g) throws IOException {
        switch (field.getType()) {
            case MESSAGE:
            case GROUP:
                writeMessage((MessageOrBuilder) value, g);
                break;
            case STRING:
                g.writeString((String) value);
                break;
            case BOOL:
                g.writeBoolean((Boolean) value);
                break;
            case INT32:
            case SINT32:
            case SFIXED32:
                g.writeNumber((Integer) value);
                break;
            case UINT32:
            case FIXED32:
                g.writeNumber(Integer.toUnsignedLong((Integer) value));
                break;
            case INT64:
            case SINT64:
            case SFIXED64:
                g.writeString(Long.toString((Long) value));
                break;
            case UINT64:
            case FIXED64:
                g.writeString(Long.toUnsignedString((Long) value));
                break;
            case DOUBLE:
                writeDouble((Double) value, g);
                break;
            case FLOAT:
                writeDouble(((Float) value).doubleValue(), g);
                break;
            case BYTES:
                writeBytes(field, (ByteString) value, g);
                break;
            case ENUM:
                g.writeNumber(((EnumValueDescriptor) value).getNumber());
                break;
            default:
                throw new IllegalStateException("unsupported field type " + field.getType());
        }
    }

    private static void writeDouble(double value, JsonGenerator g) throws IOException {
        if (Double.isNaN(value)) {
            g.writeString("NaN");
        } else if (Double.isInfinite(value)) {
            g.writeString(value > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(value);
        }
    }

    private static void writeBytes(FieldDescriptor field, ByteString value, JsonGenerator g) throws IOException {
        if (FieldIndex.isHexId(field)) {
            char[] hex = HexIds.encode(value);
            g.writeString(hex, 0, hex.length);
        } else {
            g.writeString(Base64.getEncoder().encodeToString(value.toByteArray()));
        }
    }
}
