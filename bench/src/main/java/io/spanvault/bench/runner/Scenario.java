package io.spanvault.bench.runner;

import io.spanvault.bench.loadgen.LoadOptions.Protocol;
import java.util.Locale;

/**
 * What the runner measures: a server setup and the load offered to it. Rates and request sizes follow the
 * collector testbed; {@code rate} 0 means as fast as acknowledged. Requests in flight are many because
 * Spanvault answers a request only once the batch holding it was stored: with the batch processor's
 * defaults (8192 spans or 200 ms) 10k spans/s needs about 20 requests of 100 spans in flight, and batches
 * fill by size rather than by timeout only with several times 82 in flight, as many clients would have.
 */
enum Scenario {
    /** The testbed's Trace10kSPS over OTLP/gRPC: receiver, batch, store. */
    TRACE10K_GRPC(Setup.STORE, Protocol.GRPC, 10_000, 64),
    /** Trace10kSPS over OTLP/HTTP. */
    TRACE10K_HTTP(Setup.STORE, Protocol.HTTP, 10_000, 64),
    /**
     * Trace10kSPS against the bare gRPC service: what the JVM and grpc-java alone cost at that load, the floor
     * under the Trace10kSPS figures.
     */
    TRACE10K_CEILING(Setup.CEILING, Protocol.GRPC, 10_000, 64),
    /** As many spans into the store as it acknowledges. */
    MAX_STORE(Setup.STORE, Protocol.GRPC, 0, 512),
    /** As many spans as a pipeline ending in a no-op exporter takes: the pipeline's own cost. */
    MAX_NOOP(Setup.NOOP, Protocol.GRPC, 0, 512),
    /** As many spans as a bare gRPC service decodes and counts: the ceiling the others are quoted against. */
    CEILING(Setup.CEILING, Protocol.GRPC, 0, 512);

    /** Which process the load goes to. */
    enum Setup {
        /** The server with {@code scenarios/store.yaml}. */
        STORE,
        /** The server with {@code scenarios/noop.yaml}. */
        NOOP,
        /** The {@link io.spanvault.bench.ceiling.CeilingServer}. */
        CEILING
    }

    static final int SPANS_PER_REQUEST = 100;

    final Setup setup;
    final Protocol protocol;
    final long rate;
    final int concurrency;

    Scenario(Setup setup, Protocol protocol, long rate, int concurrency) {
        this.setup = setup;
        this.protocol = protocol;
        this.rate = rate;
        this.concurrency = concurrency;
    }

    /** The name on the command line and in results, e.g. {@code trace10k-grpc}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Scenario parse(String label) {
        for (Scenario s : values()) {
            if (s.label().equals(label)) {
                return s;
            }
        }
        StringBuilder known = new StringBuilder();
        for (Scenario s : values()) {
            known.append(s.label()).append(", ");
        }
        throw new IllegalArgumentException("unknown scenario '" + label + "'; known: " + known + "all");
    }
}
