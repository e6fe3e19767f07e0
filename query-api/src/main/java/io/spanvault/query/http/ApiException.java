package io.spanvault.query.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the API cannot answer, with the HTTP status and a message naming the problem. */
public class ApiException extends RuntimeException {
    private final HttpResponseStatus status;

    public ApiException(HttpResponseStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, message);
    }

    public HttpResponseStatus status() {
        return status;
    }
}
