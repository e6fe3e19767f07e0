package io.spanvault.bench.loadgen;

/**
 * A request body encoded once. A sender copies it once into a buffer of its own and stamps a sequence number
 * into that buffer before each send, so each send carries new traces without encoding or allocating.
 */
public interface EncodedRequests {
    int spans();

    /** The body's length in bytes; stamping never changes it. */
    int size();

    /** Copies the body into {@code out} at {@code offset}. */
    void copyTo(byte[] out, int offset);

    /** Stamps {@code sequence} over the trace ids of a body copied into {@code out} at {@code offset}. */
    void stamp(byte[] out, int offset, long sequence);

    /** A new copy of the body with trace ids unique to {@code sequence}. */
    default byte[] encode(long sequence) {
        byte[] out = new byte[size()];
        copyTo(out, 0);
        stamp(out, 0, sequence);
        return out;
    }
}
