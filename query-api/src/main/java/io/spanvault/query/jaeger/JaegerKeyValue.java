package io.spanvault.query.jaeger;

import com.google.protobuf.ByteString;
import java.util.Objects;

/**
 * A Jaeger tag or log field. {@code value} is a {@link String}, {@link Boolean}, {@link Long}, {@link Double}
 * or {@link ByteString} as {@code type} says.
 */
public record JaegerKeyValue(String key, JaegerValueType type, Object value) {

    public JaegerKeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    public static JaegerKeyValue string(String key, String value) {
        return new JaegerKeyValue(key, JaegerValueType.STRING, value);
    }

    public static JaegerKeyValue bool(String key, boolean value) {
        return new JaegerKeyValue(key, JaegerValueType.BOOL, value);
    }

    public static JaegerKeyValue int64(String key, long value) {
        return new JaegerKeyValue(key, JaegerValueType.INT64, value);
    }

    public static JaegerKeyValue float64(String key, double value) {
        return new JaegerKeyValue(key, JaegerValueType.FLOAT64, value);
    }

    public static JaegerKeyValue binary(String key, ByteString value) {
        return new JaegerKeyValue(key, JaegerValueType.BINARY, value);
    }
}
