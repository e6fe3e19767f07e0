package io.spanvault.pipeline.otlp.json;

/** A body that is not valid OTLP/JSON; the message names the field and the position of the problem. */
public final class OtlpJsonException extends IllegalArgumentException {
    public OtlpJsonException(String message) {
        super(message);
    }

    public OtlpJsonException(String message, Throwable cause) {
        super(message, cause);
    }
}
