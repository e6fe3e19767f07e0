package io.spanvault.bench.loadgen;

/**
 * A request body encoded once. A sender copies it once into a buffer of its own and stamps a sequence number
 * into that buffer before each send, so each send carries new traces without encoding or allocating.
 */
public abstract class EncodedRequests {
    /** The body as encoded; subclasses find where to stamp in it. Never changed. */
    protected final byte[] encoded;
    private final int spans;

    protected EncodedRequests(byte[] encoded, int spans) {
        this.encoded = encoded;
        this.spans = spans;
    }

    public int spans() {
        return spans;
    }

    /** The body's length in bytes; stamping never changes it. */
    public int size() {
        return encoded.length;
    }

    /** Copies the body into {@code out} at {@code offset}. */
    public void copyTo(byte[] out, int offset) {
        System.arraycopy(encoded, 0, out, offset, encoded.length);
    }

    /** Stamps {@code sequence} over the trace ids of a body copied into {@code out} at {@code offset}. */
    public abstract void stamp(byte[] out, int offset, long sequence);

    /** A new copy of the body with trace ids unique to {@code sequence}. */
    public byte[] encode(long sequence) {
        byte[] out = new byte[size()];
        copyTo(out, 0);
        stamp(out, 0, sequence);
        return out;
    }
}
