package io.spanvault.processor.actions;

import io.opentelemetry.proto.common.v1.AnyValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code hash} action's digest, byte for byte as the collector's attributes processor computes it
 * (SHA-256 since v0.75, the default since mid 2023; older collectors used SHA-1): strings as UTF-8, bools
 * as one byte, ints and doubles as 8 little-endian bytes; any other type becomes the empty string.
 */
public final class AttributeHash {
    private AttributeHash() {
    }

    public static String sha256Hex(AnyValue value) {
        byte[] bytes;
        switch (value.getValueCase()) {
            case STRING_VALUE -> bytes = value.getStringValue().getBytes(StandardCharsets.UTF_8);
            case BOOL_VALUE -> bytes = new byte[] {(byte) (value.getBoolValue() ? 1 : 0)};
            case INT_VALUE -> bytes = littleEndian(value.getIntValue());
            case DOUBLE_VALUE -> bytes = littleEndian(Double.doubleToRawLongBits(value.getDoubleValue()));
            default -> {
                return "";
            }
        }
        if (bytes.length == 0) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] littleEndian(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }
}
