package io.spanvault.bench.loadgen;

/**
 * One exporter's connection. It holds its own copy of the encoded request and stamps each send's sequence
 * into it, so a send allocates nothing beyond reading the answer.
 */
public interface ExportConnection extends AutoCloseable {

    /**
     * Sends the request with trace ids unique to {@code sequence} and waits for the answer: the
     * {@code partial_success.rejected_spans} it reports.
     *
     * @throws OtlpSender.RefusedException when the receiver refused the whole request or could not be reached
     */
    long export(long sequence);

    @Override
    void close();
}
