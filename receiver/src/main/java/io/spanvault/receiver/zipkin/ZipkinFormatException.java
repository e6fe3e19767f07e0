package io.spanvault.receiver.zipkin;

/** A request body that is not valid Zipkin data; the message names the field and the span at fault. */
final class ZipkinFormatException extends RuntimeException {
    ZipkinFormatException(String message) {
        super(message, null, false, false);
    }
}
