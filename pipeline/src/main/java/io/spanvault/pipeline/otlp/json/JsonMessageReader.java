package io.spanvault.pipeline.otlp.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;

/**
 * Reads OTLP/JSON into a protobuf builder straight from the token stream (no tree in between), driven by the
 * message descriptors: ids as hex, other bytes as base64, enums as number or name, 64-bit integers as
 * string or number, either spelling of field names; unknown fields and nulls are skipped.
 */
final class JsonMessageReader {
    private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    /** 2^64 - 1 has 20 digits; a longer integer part is out of range for every integer field. */
    private static final int MAX_INTEGER_DIGITS = 20;

    private JsonMessageReader() {
    }

    /** Reads the object the parser is on (its START_OBJECT is the current token) into {@code builder}. */
    static void readMessage(JsonParser p, Message.Builder builder) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw problem(p, builder.getDescriptorForType().getName(), "expected an object");
        }
        FieldIndex index = FieldIndex.of(builder.getDescriptorForType());
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            FieldDescriptor field = index.find(p.currentName());
            JsonToken value = p.nextToken();
            if (field == null) {
                p.skipChildren();
            } else if (value != JsonToken.VALUE_NULL) {
                readField(p, builder, field);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw problem(p, builder.getDescriptorForType().getName(), "unterminated object");
        }
    }

    private static void readField(JsonParser p, Message.Builder builder, FieldDescriptor field) throws IOException {
        if (!field.isRepeated()) {
            builder.setField(field, readValue(p, builder, field));
            return;
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw problem(p, field.getJsonName(), "expected an array");
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() == null) {
                throw problem(p, field.getJsonName(), "unterminated array");
            }
            builder.addRepeatedField(field, readValue(p, builder, field));
        }
    }

    /** The value the parser is on, as protobuf reflection wants it. */
    private static Object readValue(JsonParser p, Message.Builder parent, FieldDescriptor field) throws IOException {
        switch (field.getJavaType()) {
            case MESSAGE: {
                Message.Builder child = parent.newBuilderForField(field);
                readMessage(p, child);
                return child.build();
            }
            case STRING:
                return text(p, field);
            case BOOLEAN:
                if (p.currentToken() == JsonToken.VALUE_TRUE || p.currentToken() == JsonToken.VALUE_FALSE) {
                    return p.getBooleanValue();
                }
                throw problem(p, field.getJsonName(), "expected true or false");
            case INT:
                return readInt(p, field);
            case LONG:
                return readLong(p, field);
            case DOUBLE:
                return readDouble(p, field);
            case FLOAT:
                return (float) readDouble(p, field);
            case BYTE_STRING:
                return readBytes(p, field);
            case ENUM:
                return readEnum(p, field);
            default:
                throw problem(p, field.getJsonName(), "unsupported field type " + field.getJavaType());
        }
    }

    private static String text(JsonParser p, FieldDescriptor field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw problem(p, field.getJsonName(), "expected a string");
        }
        return p.getText();
    }

    private static boolean unsigned(FieldDescriptor field) {
        FieldDescriptor.Type type = field.getType();
        return type == FieldDescriptor.Type.UINT32 || type == FieldDescriptor.Type.FIXED32
                || type == FieldDescriptor.Type.UINT64 || type == FieldDescriptor.Type.FIXED64;
    }

    private static int readInt(JsonParser p, FieldDescriptor field) throws IOException {
        BigInteger value = integer(p, field);
        boolean unsigned = unsigned(field);
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.valueOf(Integer.MIN_VALUE);
        BigInteger max = unsigned ? BigInteger.valueOf(0xffffffffL) : BigInteger.valueOf(Integer.MAX_VALUE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw problem(p, field.getJsonName(), value + " is out of range for " + field.getType());
        }
        return value.intValue();
    }

    private static long readLong(JsonParser p, FieldDescriptor field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.LONG
                || t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            long v = p.getLongValue();
            if (v < 0 && unsigned(field)) {
                throw problem(p, field.getJsonName(), v + " is negative for " + field.getType());
            }
            return v;
        }
        if (t == JsonToken.VALUE_STRING && !unsigned(field)) {
            // the common case for int64 in OTLP/JSON: "1700000000000000000"
            try {
                return Long.parseLong(p.getText());
            } catch (NumberFormatException e) {
                // fall through to the general path, which accepts exponents and names the problem
            }
        }
        BigInteger value = integer(p, field);
        boolean unsigned = unsigned(field);
        BigInteger min = unsigned ? BigInteger.ZERO : BigInteger.valueOf(Long.MIN_VALUE);
        BigInteger max = unsigned ? UNSIGNED_LONG_MAX : BigInteger.valueOf(Long.MAX_VALUE);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw problem(p, field.getJsonName(), value + " is out of range for " + field.getType());
        }
        return value.longValue();
    }

    /** An integral number written as a JSON number or string, exponents and ".0" allowed as proto3 JSON does. */
    private static BigInteger integer(JsonParser p, FieldDescriptor field) throws IOException {
        JsonToken t = p.currentToken();
        try {
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return p.getBigIntegerValue();
            }
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                return exactInteger(p, field, p.getDecimalValue());
            }
            if (t == JsonToken.VALUE_STRING) {
                String s = p.getText().trim();
                if (s.length() > 64) {
                    throw problem(p, field.getJsonName(), "integer text is too long");
                }
                return exactInteger(p, field, new BigDecimal(s));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw problem(p, field.getJsonName(), "'" + p.getText() + "' is not an integer");
        }
        throw problem(p, field.getJsonName(), "expected an integer (number or string)");
    }

    /**
     * The integer a decimal denotes, refused cheaply when it has more digits than any 64-bit field holds:
     * expanding {@code 1e30000000} (or checking {@code 1e-30000000} for a fraction) would take a core for
     * tens of seconds and hundreds of MB.
     */
    private static BigInteger exactInteger(JsonParser p, FieldDescriptor field, BigDecimal value) throws IOException {
        if (value.signum() == 0) {
            return BigInteger.ZERO;
        }
        long integerDigits = (long) value.precision() - value.scale();
        if (integerDigits > MAX_INTEGER_DIGITS) {
            throw problem(p, field.getJsonName(), "'" + p.getText() + "' is out of range for " + field.getType());
        }
        if (integerDigits < 1 - MAX_INTEGER_DIGITS) {
            throw problem(p, field.getJsonName(), "'" + p.getText() + "' is not an integer");
        }
        BigDecimal stripped = value.scale() > 0 ? value.stripTrailingZeros() : value;
        if (stripped.scale() > 0) {
            throw problem(p, field.getJsonName(), "'" + p.getText() + "' is not an integer");
        }
        return stripped.toBigIntegerExact();
    }

    private static double readDouble(JsonParser p, FieldDescriptor field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            switch (s) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw problem(p, field.getJsonName(), "'" + s + "' is not a number");
                    }
            }
        }
        throw problem(p, field.getJsonName(), "expected a number");
    }

    private static ByteString readBytes(JsonParser p, FieldDescriptor field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw problem(p, field.getJsonName(), "expected a string");
        }
        if (FieldIndex.isHexId(field)) {
            try {
                return HexIds.decode(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), field.getJsonName());
            } catch (OtlpJsonException e) {
                throw problem(p, field.getJsonName(), e.getMessage());
            }
        }
        String s = p.getText();
        try {
            boolean urlSafe = s.indexOf('-') >= 0 || s.indexOf('_') >= 0;
            return UnsafeByteOperations.unsafeWrap((urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s));
        } catch (IllegalArgumentException e) {
            throw problem(p, field.getJsonName(), "not base64: " + e.getMessage());
        }
    }

    private static EnumValueDescriptor readEnum(JsonParser p, FieldDescriptor field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            EnumValueDescriptor byName = field.getEnumType().findValueByName(p.getText());
            if (byName != null) {
                return byName;
            }
            // a number written as a string is taken too, as proto3 JSON parsers do
            try {
                return field.getEnumType().findValueByNumberCreatingIfUnknown(Integer.parseInt(p.getText().trim()));
            } catch (NumberFormatException e) {
                throw problem(p, field.getJsonName(), "'" + p.getText() + "' is not a value of "
                        + field.getEnumType().getName());
            }
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            // proto3 enums are open: a number this build does not know is kept, as the binary format keeps it
            return field.getEnumType().findValueByNumberCreatingIfUnknown(readInt(p, field));
        }
        throw problem(p, field.getJsonName(), "expected an enum number or name");
    }

    static OtlpJsonException problem(JsonParser p, String field, String what) {
        var at = p.currentLocation();
        return new OtlpJsonException("invalid OTLP/JSON at line " + at.getLineNr() + " column " + at.getColumnNr()
                + ", field " + field + ": " + what);
    }
}
