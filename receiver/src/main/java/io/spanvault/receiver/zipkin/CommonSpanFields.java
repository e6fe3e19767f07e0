package io.spanvault.receiver.zipkin;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * The span fields Zipkin's JSON v1 and v2 share, with the same meaning: ids, name, timestamp, duration and
 * debug. The ids are checked once the whole span is read, so a bad one is reported with the span's index
 * whatever the field order.
 */
final class CommonSpanFields {
    private String traceId;
    private String id;

    /** Reads {@code field} into {@code span} if it is a common one; false leaves it to the version's decoder. */
    boolean read(String field, JsonParser p, ZipkinSpan span, int index) throws IOException {
        switch (field) {
            case "traceId" -> traceId = p.getText();
            case "id" -> id = p.getText();
            case "parentId" -> {
                span.parentId = ZipkinIds.spanId(p.getText(), "parentId", index);
                span.hasParent = true;
            }
            case "name" -> span.name = p.getText();
            case "timestamp" -> span.timestamp = ZipkinJsonV2Decoder.micros(p, "timestamp", index);
            case "duration" -> span.duration = ZipkinJsonV2Decoder.micros(p, "duration", index);
            case "debug" -> span.debug = p.getValueAsBoolean();
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Sets the span's ids from what was read; a missing or malformed one is a format error. */
    void finish(ZipkinSpan span, int index) {
        ZipkinIds.traceId(traceId, span, index);
        span.id = ZipkinIds.spanId(id, "id", index);
    }
}
