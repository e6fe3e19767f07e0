package io.spanvault.receiver.zipkin;

/** Zipkin's lowercase-hex ids: trace ids of 16 or 32 digits, span ids of 16 (shorter ones are left-padded, as Zipkin does). */
final class ZipkinIds {
    private ZipkinIds() {
    }

    static void traceId(String hex, ZipkinSpan span, int index) {
        if (hex == null) {
            throw new ZipkinFormatException("span " + index + ": traceId is missing");
        }
        if (hex.isEmpty() || hex.length() > 32) {
            throw new ZipkinFormatException("span " + index + ": traceId '" + hex + "' must be 16 or 32 hex digits");
        }
        if (hex.length() > 16) {
            span.traceIdHigh = parse(hex.substring(0, hex.length() - 16), "traceId", index);
            span.traceIdLow = parse(hex.substring(hex.length() - 16), "traceId", index);
        } else {
            span.traceIdHigh = 0;
            span.traceIdLow = parse(hex, "traceId", index);
        }
    }

    static long spanId(String hex, String field, int index) {
        if (hex == null) {
            throw new ZipkinFormatException("span " + index + ": " + field + " is missing");
        }
        if (hex.isEmpty() || hex.length() > 16) {
            throw new ZipkinFormatException("span " + index + ": " + field + " '" + hex + "' must be 16 hex digits");
        }
        return parse(hex, field, index);
    }

    private static long parse(String hex, String field, int index) {
        try {
            return Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new ZipkinFormatException("span " + index + ": " + field + " '" + hex + "' is not hex");
        }
    }
}
