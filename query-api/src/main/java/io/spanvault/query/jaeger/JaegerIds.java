package io.spanvault.query.jaeger;

import io.spanvault.storage.TraceId;
import java.util.Base64;
import java.util.HexFormat;

/** Jaeger's spelling of ids: 16 hex digits when the trace id's high half is zero, else 32; span ids 16. */
public final class JaegerIds {
    private static final HexFormat HEX = HexFormat.of();

    private JaegerIds() {
    }

    public static String traceId(TraceId id) {
        String low = HEX.toHexDigits(id.low());
        return id.high() == 0 ? low : HEX.toHexDigits(id.high()) + low;
    }

    public static String spanId(long id) {
        return HEX.toHexDigits(id);
    }

    /**
     * Parses a trace id as Jaeger's API accepts it: 1 to 32 hex digits (shorter ids are left-padded with zeros)
     * or, beyond Jaeger, the base64 of the 16 (or 8) id bytes as OTLP/JSON clients sometimes send it.
     */
    public static TraceId parseTraceId(String text) {
        if (text.length() <= 32 && !text.isEmpty() && isHex(text)) {
            return TraceId.fromHex(text);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || (bytes.length != 16 && bytes.length != 8)) {
            throw new IllegalArgumentException("trace id '" + text
                    + "' is neither 1 to 32 hex digits nor the base64 of 16 bytes");
        }
        return TraceId.fromHex(HEX.formatHex(bytes));
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
