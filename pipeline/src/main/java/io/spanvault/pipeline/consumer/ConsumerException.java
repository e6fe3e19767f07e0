package io.spanvault.pipeline.consumer;

/** Why a consumer did not accept data; receivers turn it into a status code for the client. */
public abstract sealed class ConsumerException extends RuntimeException
        permits RetryableException, PermanentException {

    protected ConsumerException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The {@link ConsumerException} behind a failed stage, unwrapping completion wrappers; anything else
     * (a bug, an I/O error nobody classified) counts as retryable, because dropping data on an unknown
     * error is worse than a duplicate.
     */
    public static ConsumerException of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ConsumerException ce) {
            return ce;
        }
        return new RetryableException(String.valueOf(t.getMessage() == null ? t : t.getMessage()), null, t);
    }
}
