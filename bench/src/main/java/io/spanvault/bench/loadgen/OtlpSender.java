package io.spanvault.bench.loadgen;

/**
 * Where the load goes: opens one connection per exporter, as every SDK exporter holds a connection of its own
 * and sends its next request once the last one was answered.
 */
public interface OtlpSender extends AutoCloseable {

    /**
     * The connection of exporter number {@code exporter}, sending {@code requests}; it connects on its first
     * export, so an unreachable receiver shows as refused requests.
     */
    ExportConnection connect(int exporter, EncodedRequests requests);

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
