package io.spanvault.pipeline.consumer;

/** The data can never be accepted as it is (malformed, rejected by policy); retrying is pointless. */
public final class PermanentException extends ConsumerException {
    public PermanentException(String message) {
        super(message, null);
    }

    public PermanentException(String message, Throwable cause) {
        super(message, cause);
    }
}
