package io.spanvault.processor.matching;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conversions between OTLP attribute values, config values and text, spelled the way the Go collector's
 * pdata does so that matching and converting give the same answers as the collector.
 */
public final class AnyValues {
    private AnyValues() {
    }

    /**
     * The attribute value for a YAML scalar, list or map as the config binder hands it over (String, Integer,
     * Long, BigInteger, Double, Boolean, List, Map), like pcommon's {@code Value.FromRaw}.
     */
    public static AnyValue fromConfig(Object raw) {
        AnyValue.Builder out = AnyValue.newBuilder();
        if (raw == null) {
            return out.build();
        }
        if (raw instanceof String s) {
            return out.setStringValue(s).build();
        }
        if (raw instanceof Boolean b) {
            return out.setBoolValue(b).build();
        }
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return out.setIntValue(((Number) raw).longValue()).build();
        }
        if (raw instanceof BigInteger big) {
            return out.setIntValue(big.longValueExact()).build();
        }
        if (raw instanceof Number n) {
            return out.setDoubleValue(n.doubleValue()).build();
        }
        if (raw instanceof List<?> list) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            for (Object item : list) {
                array.addValues(fromConfig(item));
            }
            return out.setArrayValue(array).build();
        }
        if (raw instanceof Map<?, ?> map) {
            KeyValueList.Builder kv = KeyValueList.newBuilder();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                kv.addValues(KeyValue.newBuilder().setKey(String.valueOf(e.getKey())).setValue(fromConfig(e.getValue())));
            }
            return out.setKvlistValue(kv).build();
        }
        throw new IllegalArgumentException("unsupported value type " + raw.getClass().getSimpleName() + ": " + raw);
    }

    /** Whether {@code value} is a string, bool, int or double: the types regexp matching can read as text. */
    public static boolean isScalar(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
            case BOOL_VALUE:
            case INT_VALUE:
            case DOUBLE_VALUE:
                return true;
            default:
                return false;
        }
    }

    /**
     * The text of a scalar as the collector's attribute matcher reads it: doubles in plain decimal notation
     * ({@code strconv.FormatFloat(f, 'f', -1, 64)}).
     */
    public static String scalarText(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
                return Boolean.toString(value.getBoolValue());
            case INT_VALUE:
                return Long.toString(value.getIntValue());
            case DOUBLE_VALUE:
                return plainDecimal(value.getDoubleValue());
            default:
                throw new IllegalArgumentException("not a scalar: " + value.getValueCase());
        }
    }

    /**
     * Any value as text, like pcommon's {@code Value.AsString()}: doubles as JavaScript prints them, bytes in
     * base64, arrays and maps as JSON, an empty value as the empty string.
     */
    public static String asString(AnyValue value) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return value.getStringValue();
            case BOOL_VALUE:
            case INT_VALUE:
                return scalarText(value);
            case DOUBLE_VALUE:
                return jsonNumber(value.getDoubleValue());
            case BYTES_VALUE:
                return Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
            case ARRAY_VALUE:
            case KVLIST_VALUE:
                StringBuilder json = new StringBuilder();
                writeJson(value, json);
                return json.toString();
            default:
                return "";
        }
    }

    /** Equality of two attribute values, as the collector's strict attribute matcher decides it. */
    public static boolean sameValue(AnyValue a, AnyValue b) {
        if (a.getValueCase() != b.getValueCase()) {
            return false;
        }
        if (a.getValueCase() == AnyValue.ValueCase.DOUBLE_VALUE) {
            return a.getDoubleValue() == b.getDoubleValue();
        }
        return a.equals(b);
    }

    public static AnyValue ofString(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    public static AnyValue ofInt(long n) {
        return AnyValue.newBuilder().setIntValue(n).build();
    }

    public static AnyValue ofDouble(double d) {
        return AnyValue.newBuilder().setDoubleValue(d).build();
    }

    private static String plainDecimal(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    /** ES6 number-to-string, as Go's encoding/json writes floats: plain between 1e-6 and 1e21, else e-notation. */
    private static String jsonNumber(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "json: unsupported value: " + (Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf");
        }
        double abs = Math.abs(d);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            return plainDecimal(d);
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder out = new StringBuilder();
        if (d < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent));
        return out.toString();
    }

    private static void writeJson(AnyValue value, StringBuilder out) {
        switch (value.getValueCase()) {
            case STRING_VALUE:
                writeJsonString(value.getStringValue(), out);
                break;
            case BOOL_VALUE:
            case INT_VALUE:
                out.append(scalarText(value));
                break;
            case DOUBLE_VALUE:
                out.append(jsonNumber(value.getDoubleValue()));
                break;
            case BYTES_VALUE:
                writeJsonString(asString(value), out);
                break;
            case ARRAY_VALUE:
                out.append('[');
                List<AnyValue> items = value.getArrayValue().getValuesList();
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeJson(items.get(i), out);
                }
                out.append(']');
                break;
            case KVLIST_VALUE:
                // Go's encoding/json writes map keys sorted.
                Map<String, AnyValue> sorted = new TreeMap<>();
                for (KeyValue kv : value.getKvlistValue().getValuesList()) {
                    sorted.put(kv.getKey(), kv.getValue());
                }
                out.append('{');
                List<Map.Entry<String, AnyValue>> entries = new ArrayList<>(sorted.entrySet());
                for (int i = 0; i < entries.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    writeJsonString(entries.get(i).getKey(), out);
                    out.append(':');
                    writeJson(entries.get(i).getValue(), out);
                }
                out.append('}');
                break;
            default:
                out.append("null");
        }
    }

    private static void writeJsonString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
