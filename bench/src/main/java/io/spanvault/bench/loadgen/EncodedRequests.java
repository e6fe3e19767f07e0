package io.spanvault.bench.loadgen;

/** A request body encoded once and stamped with a sequence number per send, so each send carries new traces. */
interface EncodedRequests {
    int spans();

    byte[] encode(long sequence);
}
