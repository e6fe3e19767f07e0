package io.spanvault.processor.actions;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.spanvault.processor.matching.AnyValues;
import java.util.Locale;

/**
 * The {@code convert} action, as the collector converts: a value that cannot be converted (a string that is
 * not a number, a map to int) stays as it is.
 */
final class ValueConversion {
    private ValueConversion() {
    }

    /** The converted value, or {@code value} itself when it already has the type or cannot be converted. */
    static AnyValue convert(AnyValue value, String to) {
        switch (to) {
            case "string":
                return value.getValueCase() == AnyValue.ValueCase.STRING_VALUE
                        ? value : AnyValues.ofString(AnyValues.asString(value));
            case "int":
                switch (value.getValueCase()) {
                    case DOUBLE_VALUE:
                        return AnyValues.ofInt((long) value.getDoubleValue());
                    case BOOL_VALUE:
                        return AnyValues.ofInt(value.getBoolValue() ? 1 : 0);
                    case STRING_VALUE:
                        try {
                            return AnyValues.ofInt(Long.parseLong(value.getStringValue()));
                        } catch (NumberFormatException e) {
                            return value;
                        }
                    default:
                        return value;
                }
            case "double":
                switch (value.getValueCase()) {
                    case INT_VALUE:
                        return AnyValues.ofDouble(value.getIntValue());
                    case BOOL_VALUE:
                        return AnyValues.ofDouble(value.getBoolValue() ? 1 : 0);
                    case STRING_VALUE:
                        Double d = parseGoFloat(value.getStringValue());
                        return d == null ? value : AnyValues.ofDouble(d);
                    default:
                        return value;
                }
            default:
                return value;
        }
    }

    /** Go's {@code strconv.ParseFloat}: no surrounding spaces or Java's d/f suffixes; inf and nan spelled Go's way. */
    private static Double parseGoFloat(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            case "nan":
                return Double.NaN;
            default:
                break;
        }
        if (s.isEmpty() || !s.equals(s.strip()) || lower.endsWith("d") || lower.endsWith("f")
                || lower.contains("infinity") || lower.contains("nan")) {
            return null;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
