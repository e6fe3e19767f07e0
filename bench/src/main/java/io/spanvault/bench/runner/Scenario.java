package io.spanvault.bench.runner;

import io.spanvault.bench.loadgen.LoadOptions.Protocol;
import java.util.List;
import java.util.Locale;

/**
 * What the runner measures: a server setup and the load offered to it. Rates and request sizes follow the
 * collector testbed; {@code rate} 0 means as fast as acknowledged. Spanvault answers a request only once
 * the write holding it is stored; the batch processor's {@code flush_when_idle} makes that about one write,
 * so the {@code ack-*} scenarios measure requests/s and latency per number of exporters each sending one
 * request at a time, as SDKs do.
 */
enum Scenario {
    /** The testbed's Trace10kSPS over OTLP/gRPC: receiver, batch, store. */
    TRACE10K_GRPC(Setup.STORE, Protocol.GRPC, 10_000, 64, Tuning.FOOTPRINT),
    /** Trace10kSPS over OTLP/HTTP. */
    TRACE10K_HTTP(Setup.STORE, Protocol.HTTP, 10_000, 64, Tuning.FOOTPRINT),
    /**
     * Trace10kSPS against the bare gRPC service: what the JVM and grpc-java alone cost at that load, the floor
     * under the Trace10kSPS figures.
     */
    TRACE10K_CEILING(Setup.CEILING, Protocol.GRPC, 10_000, 64, Tuning.FOOTPRINT),
    /** One to 256 exporters, each sending its next request when the last one was acknowledged. */
    ACK_GRPC_1(Setup.STORE, Protocol.GRPC, 0, 1, Tuning.THROUGHPUT),
    ACK_GRPC_8(Setup.STORE, Protocol.GRPC, 0, 8, Tuning.THROUGHPUT),
    ACK_GRPC_64(Setup.STORE, Protocol.GRPC, 0, 64, Tuning.THROUGHPUT),
    ACK_GRPC_256(Setup.STORE, Protocol.GRPC, 0, 256, Tuning.THROUGHPUT),
    ACK_HTTP_1(Setup.STORE, Protocol.HTTP, 0, 1, Tuning.THROUGHPUT),
    ACK_HTTP_8(Setup.STORE, Protocol.HTTP, 0, 8, Tuning.THROUGHPUT),
    ACK_HTTP_64(Setup.STORE, Protocol.HTTP, 0, 64, Tuning.THROUGHPUT),
    ACK_HTTP_256(Setup.STORE, Protocol.HTTP, 0, 256, Tuning.THROUGHPUT),
    /** SDKs exporting to the agent preset's pipeline: acknowledged once fsynced in the persistent queue. */
    AGENT_GRPC_1(Setup.AGENT, Protocol.GRPC, 0, 1, Tuning.THROUGHPUT),
    AGENT_GRPC_8(Setup.AGENT, Protocol.GRPC, 0, 8, Tuning.THROUGHPUT),
    /** As many spans into the store as it acknowledges. */
    MAX_STORE(Setup.STORE, Protocol.GRPC, 0, 512, Tuning.THROUGHPUT),
    /** As many spans as a pipeline ending in a no-op exporter takes: the pipeline's own cost. */
    MAX_NOOP(Setup.NOOP, Protocol.GRPC, 0, 512, Tuning.THROUGHPUT),
    /** MAX_NOOP's pipeline plus {@code traces → spanmetrics → prometheus}: what the connector costs. */
    MAX_SPANMETRICS(Setup.SPANMETRICS, Protocol.GRPC, 0, 512, Tuning.THROUGHPUT),
    /** As many spans as a bare gRPC service decodes and counts: the ceiling the others are quoted against. */
    CEILING(Setup.CEILING, Protocol.GRPC, 0, 512, Tuning.THROUGHPUT);

    /** Which process the load goes to. */
    enum Setup {
        /** The server with {@code scenarios/store.yaml}. */
        STORE,
        /** The server with {@code scenarios/noop.yaml}. */
        NOOP,
        /** The server with {@code scenarios/spanmetrics.yaml}. */
        SPANMETRICS,
        /**
         * The server with {@code scenarios/agent.yaml}: the agent preset's pipeline (persistent, fsynced
         * sending queue), forwarding to a second receiver in the same process that only counts.
         */
        AGENT,
        /** The {@link io.spanvault.bench.ceiling.CeilingServer}. */
        CEILING
    }

    /**
     * The JVM options a scenario's process runs with unless the runner is given others, as one would deploy
     * for that job. A small collector (Trace10kSPS) wants the least memory: the serial collector and a small
     * initial heap, which grows only as far as the load needs. A gateway taking all it can wants throughput:
     * with the serial collector a third of the max-throughput runs went to copying the requests in flight
     * (every one is held until its batch is stored); G1, the JVM's default on a server, sizes its young
     * generation so that most of them die before they are copied.
     */
    enum Tuning {
        FOOTPRINT(List.of("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m")),
        THROUGHPUT(List.of("-XX:+UseG1GC", "-Xms16m", "-Xmx1g"));

        final List<String> jvmOptions;

        Tuning(List<String> jvmOptions) {
            this.jvmOptions = jvmOptions;
        }
    }

    static final int SPANS_PER_REQUEST = 100;

    final Setup setup;
    final Protocol protocol;
    final long rate;
    final int concurrency;
    final Tuning tuning;

    Scenario(Setup setup, Protocol protocol, long rate, int concurrency, Tuning tuning) {
        this.setup = setup;
        this.protocol = protocol;
        this.rate = rate;
        this.concurrency = concurrency;
        this.tuning = tuning;
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
