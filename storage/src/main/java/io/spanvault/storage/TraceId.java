package io.spanvault.storage;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/** A 16-byte trace id held as two longs, so it hashes and compares without copying bytes. */
public record TraceId(long high, long low) implements Comparable<TraceId> {

    /** From the 16 bytes of an OTLP span's trace id. */
    public static TraceId of(ByteString bytes) {
        if (bytes.size() != 16) {
            throw new IllegalArgumentException("a trace id has 16 bytes, got " + bytes.size());
        }
        return new TraceId(readLong(bytes, 0), readLong(bytes, 8));
    }

    /** From hex of up to 32 digits; shorter ids are left-padded with zeros, as Jaeger does. */
    public static TraceId fromHex(String hex) {
        if (hex.isEmpty() || hex.length() > 32) {
            throw new IllegalArgumentException("trace id '" + hex + "' must be 1 to 32 hex digits");
        }
        String padded = "0".repeat(32 - hex.length()) + hex;
        try {
            return new TraceId(Long.parseUnsignedLong(padded.substring(0, 16), 16),
                    Long.parseUnsignedLong(padded.substring(16), 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("trace id '" + hex + "' is not hex");
        }
    }

    private static long readLong(ByteString b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b.byteAt(offset + i) & 0xFF);
        }
        return v;
    }

    public ByteString toByteString() {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (high >>> (56 - 8 * i));
            out[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return ByteString.copyFrom(out);
    }

    /** 32 lowercase hex digits. */
    public String toHex() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }

    @Override
    public int compareTo(TraceId o) {
        int c = Long.compareUnsigned(high, o.high);
        return c != 0 ? c : Long.compareUnsigned(low, o.low);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
