package io.spanvault.query.http;

import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** A response body with its status and content type; the body buffer is released when written. */
public record ApiResponse(HttpResponseStatus status, String contentType, ByteBuf body) {
    public static final String JSON = "application/json";

    public static ApiResponse text(HttpResponseStatus status, String contentType, String text) {
        return new ApiResponse(status, contentType, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** The bytes a generator of {@link #json} has produced so far, flushed or not. */
    public static long bytesWritten(JsonGenerator g) {
        return ((ByteBufOutputStream) g.getOutputTarget()).writtenBytes() + g.getOutputBuffered();
    }

    /** Writes a body of any size straight into a buffer, without an intermediate byte array. */
    public static ApiResponse json(HttpResponseStatus status, JsonBody body) {
        ByteBuf buffer = Unpooled.buffer(512);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buffer)) {
            JsonBody.write(out, body);
        } catch (Exception e) {
            buffer.release();
            throw e instanceof RuntimeException r ? r : new IllegalStateException("cannot write JSON", e);
        }
        return new ApiResponse(status, JSON, buffer);
    }
}
