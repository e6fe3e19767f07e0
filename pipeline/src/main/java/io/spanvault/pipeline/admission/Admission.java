package io.spanvault.pipeline.admission;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Admission control for one receiver, before decoding: each request reserves the bytes it will hold from a
 * shared budget and gives them back once answered; a request that does not fit is refused at once (the
 * transport answers 429 / RESOURCE_EXHAUSTED with a retry delay) instead of decoding into an
 * OutOfMemoryError.
 *
 * <p>A request first reserves for its received bytes plus room for a typical decoding of them, so requests
 * let in while bytes arrive can also decode; once the body is in, the reservation is set to the bytes held plus
 * the {@link DecodedSize} estimate of decoding them.
 */
public final class Admission {
    /** Decoded OTLP spans take about this many times their protobuf size on the heap. */
    static final int TYPICAL_EXPANSION = 4;

    private final long limit;
    private final int maxExpansionRatio;
    private final AtomicLong reserved = new AtomicLong();

    public Admission(AdmissionConfig config) {
        this.limit = config.requestLimitBytes();
        this.maxExpansionRatio = config.maxExpansionRatio();
    }

    /** A reservation of nothing yet, for a request whose size is learned as it arrives. */
    public Reservation open() {
        return new Reservation();
    }

    public long limitBytes() {
        return limit;
    }

    /** True while the requests in flight hold the whole budget: a new one is refused before it is read. */
    public boolean full() {
        return reserved.get() >= limit;
    }

    /** Bytes reserved by the requests in flight now. */
    public long reservedBytes() {
        return reserved.get();
    }

    /** What a request holding {@code heldBytes} reserves before it can be decoded: the bytes and their decoding. */
    long provisional(long heldBytes) {
        long withDecoding = heldBytes > limit ? limit : heldBytes * (1 + TYPICAL_EXPANSION);
        return Math.min(limit, Math.max(heldBytes, withDecoding));
    }

    private boolean tryAdd(long delta) {
        while (true) {
            long now = reserved.get();
            if (delta > 0 && now + delta > limit) {
                return false;
            }
            if (reserved.compareAndSet(now, now + delta)) {
                return true;
            }
        }
    }

    /** One request's share of the budget; closing it (idempotent) gives the share back. */
    public final class Reservation implements AutoCloseable {
        private long bytes;
        private boolean closed;

        private Reservation() {
        }

        /**
         * Grows the reservation for {@code heldBytes} received so far (with room to decode them); false when the
         * budget cannot take it, in which case the reservation is unchanged and the request is to be refused.
         */
        public synchronized boolean holding(long heldBytes) {
            return resize(provisional(heldBytes));
        }

        /**
         * Sets the reservation to what decoding will really hold: the {@code heldBytes} received plus the
         * {@code decodedEstimate}. Null when admitted, else why not, for the refusal message.
         */
        public synchronized String decoding(long wireBytes, long heldBytes, long decodedEstimate) {
            if (decodedEstimate > (long) maxExpansionRatio * Math.max(1, wireBytes)) {
                return "decoding it would take about " + mib(decodedEstimate) + " MiB of memory, more than "
                        + maxExpansionRatio + " times its " + wireBytes + " bytes (admission.max_expansion_ratio)";
            }
            long need = heldBytes + decodedEstimate;
            if (need > limit) {
                return "decoding it would take about " + mib(need) + " MiB of memory, more than the receiver's "
                        + "admission.request_limit_mib (" + mib(limit) + " MiB)";
            }
            return resize(need) ? null : refusal();
        }

        /** Why a request was not let in now: the budget is taken by others. */
        public String refusal() {
            return "the receiver's requests in flight hold " + mib(reserved.get()) + " MiB of its "
                    + "admission.request_limit_mib (" + mib(limit) + " MiB); retry later";
        }

        private boolean resize(long target) {
            if (closed) {
                return false;
            }
            if (target == bytes || !tryAdd(target - bytes)) {
                return target == bytes;
            }
            bytes = target;
            return true;
        }

        public synchronized long bytes() {
            return bytes;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                tryAdd(-bytes);
                bytes = 0;
            }
        }
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
