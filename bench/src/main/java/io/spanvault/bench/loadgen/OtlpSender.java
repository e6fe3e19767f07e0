package io.spanvault.bench.loadgen;

import java.util.concurrent.CompletionStage;

/** Sends one encoded {@code ExportTraceServiceRequest}; completes with the spans the receiver rejected. */
public interface OtlpSender extends AutoCloseable {

    /**
     * Completes with the {@code partial_success.rejected_spans} of the response, or exceptionally with a
     * {@link RefusedException} when the receiver refused the whole request.
     */
    CompletionStage<Long> send(byte[] request);

    @Override
    void close();

    /** The whole request was refused; {@code reason} is the gRPC status code or HTTP status. */
    final class RefusedException extends RuntimeException {
        private final String reason;

        RefusedException(String reason, Throwable cause) {
            super(reason, cause, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }
}
