package io.spanvault.pipeline.otlp.json;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

/** Hex text of trace and span ids, without intermediate strings or arrays beyond the result. */
final class HexIds {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexIds() {
    }

    static char[] encode(ByteString id) {
        char[] out = new char[id.size() * 2];
        for (int i = 0; i < id.size(); i++) {
            int b = id.byteAt(i) & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xf];
        }
        return out;
    }

    /** Decodes hex of any even length; the id's own length is validated later, per span, not per request. */
    static ByteString decode(char[] text, int offset, int length, String field) {
        if ((length & 1) != 0) {
            throw new OtlpJsonException(field + " '" + new String(text, offset, length)
                    + "' is not hex: odd number of digits");
        }
        byte[] out = new byte[length / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(text[offset + 2 * i]);
            int lo = digit(text[offset + 2 * i + 1]);
            if (hi < 0 || lo < 0) {
                throw new OtlpJsonException(field + " '" + new String(text, offset, length) + "' is not hex");
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return UnsafeByteOperations.unsafeWrap(out);
    }

    /** ASCII hex digits only: {@link Character#digit} would also take other scripts' digits. */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
