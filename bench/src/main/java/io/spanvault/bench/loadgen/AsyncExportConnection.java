package io.spanvault.bench.loadgen;

/**
 * A connection that also sends without holding a thread while it waits. At 256 exporters, a thread each
 * parked and woken per request cost the generator about as much CPU as the server's own receiver thread.
 */
interface AsyncExportConnection extends ExportConnection {

    /**
     * Sends as {@link #export} does and returns at once; {@code answer} is called on the transport's thread once
     * the receiver answered, and the next send may follow from there.
     */
    void send(long sequence, Answer answer);

    /** How a send ended. */
    interface Answer {
        /** Acknowledged, less the {@code partial_success.rejected_spans} the receiver reported. */
        void answered(long rejectedSpans);

        void refused(OtlpSender.RefusedException refusal);
    }
}
