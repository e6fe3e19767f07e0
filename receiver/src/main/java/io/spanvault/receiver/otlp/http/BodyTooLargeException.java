package io.spanvault.receiver.otlp.http;

/** The request body, decompressed, is larger than {@code max_request_body_size}. */
final class BodyTooLargeException extends Exception {
    BodyTooLargeException(long limit) {
        super("request body is larger than max_request_body_size (" + limit + " bytes)");
    }
}
