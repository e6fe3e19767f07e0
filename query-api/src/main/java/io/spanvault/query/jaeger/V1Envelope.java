package io.spanvault.query.jaeger;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.spanvault.query.http.ApiResponse;
import io.spanvault.query.http.JsonBody;
import io.spanvault.storage.TraceId;
import java.io.IOException;
import java.util.List;

/**
 * Jaeger's v1 response envelope {@code {"data","total","limit","offset","errors"}}. Errors are
 * {@code {"code","msg"}} for a failed request and {@code {"msg","traceID"}} for a trace id that was not found.
 */
public final class V1Envelope {
    /**
     * A problem with part of an answer that is still a 200: a trace id of a multi-id request that was not found
     * ({@code traceId} set), or a note such as a truncated result ({@code traceId} null).
     */
    public record Problem(String msg, TraceId traceId) {
        public static Problem missing(TraceId traceId) {
            return new Problem("trace not found", traceId);
        }
    }

    private V1Envelope() {
    }

    public static ApiResponse ok(JsonBody data, int total) {
        return ok(data, total, List.of());
    }

    /** {@code problems} is read after {@code data} is written, so the data writer may add to it. */
    public static ApiResponse ok(JsonBody data, int total, List<Problem> problems) {
        return ApiResponse.json(HttpResponseStatus.OK, g -> {
            g.writeStartObject();
            g.writeFieldName("data");
            data.writeTo(g);
            writeCounts(g, total);
            g.writeFieldName("errors");
            if (problems.isEmpty()) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (Problem p : problems) {
                    g.writeStartObject();
                    g.writeStringField("msg", p.msg());
                    if (p.traceId() != null) {
                        g.writeStringField("traceID", JaegerIds.traceId(p.traceId()));
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    public static ApiResponse error(HttpResponseStatus status, String message) {
        return ApiResponse.json(status, g -> {
            g.writeStartObject();
            g.writeNullField("data");
            writeCounts(g, 0);
            g.writeArrayFieldStart("errors");
            g.writeStartObject();
            g.writeNumberField("code", status.code());
            g.writeStringField("msg", message);
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private static void writeCounts(JsonGenerator g, int total) throws IOException {
        g.writeNumberField("total", total);
        g.writeNumberField("limit", 0);
        g.writeNumberField("offset", 0);
    }
}
