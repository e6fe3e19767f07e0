package io.spanvault.query.apiv3;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.spanvault.query.http.ApiResponse;

/** api_v3's HTTP error shape (grpc-gateway's): {@code {"error":{"httpCode":400,"message":"…"}}}. */
final class V3Errors {
    private V3Errors() {
    }

    static ApiResponse error(HttpResponseStatus status, String message) {
        return ApiResponse.json(status, g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeNumberField("httpCode", status.code());
            g.writeStringField("message", message);
            g.writeEndObject();
            g.writeEndObject();
        });
    }
}
