package io.spanvault.kafka.receiver;

/**
 * {@code message_marking}: when a message counts as consumed, so that its offset may be committed.
 * {@code after} (Spanvault's default true; the Collector's is false) marks a message only once the pipeline
 * accepted it: at-least-once, nothing is lost when the pipeline refuses or the process dies. {@code after:
 * false} marks it as soon as it is read, as the Collector does by default: what was in flight when the
 * process died is lost. {@code on_error} (default false) also marks a message the pipeline refused with a
 * retryable error, giving it up instead of retrying it.
 */
public record MessageMarking(Boolean after, Boolean onError) {
    public MessageMarking {
        after = after == null ? Boolean.TRUE : after;
        onError = onError == null ? Boolean.FALSE : onError;
    }

    public static MessageMarking defaults() {
        return new MessageMarking(null, null);
    }
}
