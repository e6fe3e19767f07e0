package io.spanvault.bench.runner;

import io.spanvault.bench.loadgen.LoadOptions.Compression;
import io.spanvault.bench.loadgen.LoadOptions.Protocol;
import io.spanvault.bench.loadgen.SpanShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the runner measures: a server setup and the load offered to it. Rates and request sizes follow the
 * collector testbed; {@code rate} 0 means as fast as acknowledged. Spanvault answers a request only once
 * the write holding it is stored; the batch processor's {@code flush_when_idle} makes that about one write,
 * so the {@code ack-*} scenarios measure requests/s and latency per number of exporters each sending one
 * request at a time, as SDKs do. Trace10kSPS sends what the testbed's load generator sends; the other
 * {@code max-*}, {@code lb-*} and {@code ceiling} its span as single-span traces; the {@code ack-*} and
 * {@code agent-*} ones send issue 14's shape, 100-span requests of 10-span traces.
 */
enum Scenario {
    /**
     * The testbed's {@code TestTrace10kSPS/OTLP-gRPC} over OTLP/gRPC: receiver, batch, store. As its load
     * generator: {@code Parallel: 1} (one sender, one connection, a request sent when the last was answered,
     * every 10 ms), {@code ItemsPerBatch: 100}, the data provider's requests, and the {@code otlp} exporter's
     * default gzip compression.
     */
    TRACE10K_GRPC(Setup.STORE, Protocol.GRPC, 10_000, 1, Tuning.FOOTPRINT, SpanShape.TESTBED_BATCH, Compression.GZIP),
    /** {@code TestTrace10kSPS/OTLP-HTTP}: the same over OTLP/HTTP, uncompressed as the testbed sends it there. */
    TRACE10K_HTTP(Setup.STORE, Protocol.HTTP, 10_000, 1, Tuning.FOOTPRINT, SpanShape.TESTBED_BATCH, Compression.NONE),
    /**
     * Trace10kSPS over OTLP/gRPC, the same client and load, against the bare gRPC service: what the JVM,
     * grpc-java and parsing the requests alone cost, the floor under the Trace10kSPS figures.
     */
    TRACE10K_CEILING(Setup.CEILING, Protocol.GRPC, 10_000, 1, Tuning.FOOTPRINT, SpanShape.TESTBED_BATCH,
            Compression.GZIP),
    /** One to 256 exporters, each sending its next request when the last one was acknowledged. */
    ACK_GRPC_1(Setup.STORE, Protocol.GRPC, 0, 1, Tuning.THROUGHPUT, SpanShape.TRACES10),
    ACK_GRPC_8(Setup.STORE, Protocol.GRPC, 0, 8, Tuning.THROUGHPUT, SpanShape.TRACES10),
    ACK_GRPC_64(Setup.STORE, Protocol.GRPC, 0, 64, Tuning.THROUGHPUT, SpanShape.TRACES10),
    ACK_GRPC_256(Setup.STORE, Protocol.GRPC, 0, 256, Tuning.THROUGHPUT, SpanShape.TRACES10),
    ACK_HTTP_1(Setup.STORE, Protocol.HTTP, 0, 1, Tuning.THROUGHPUT, SpanShape.TRACES10),
    ACK_HTTP_8(Setup.STORE, Protocol.HTTP, 0, 8, Tuning.THROUGHPUT, SpanShape.TRACES10),
    ACK_HTTP_64(Setup.STORE, Protocol.HTTP, 0, 64, Tuning.THROUGHPUT, SpanShape.TRACES10),
    ACK_HTTP_256(Setup.STORE, Protocol.HTTP, 0, 256, Tuning.THROUGHPUT, SpanShape.TRACES10),
    /** SDKs exporting to the agent preset's pipeline: acknowledged once fsynced in the persistent queue. */
    AGENT_GRPC_1(Setup.AGENT, Protocol.GRPC, 0, 1, Tuning.THROUGHPUT, SpanShape.TRACES10),
    AGENT_GRPC_8(Setup.AGENT, Protocol.GRPC, 0, 8, Tuning.THROUGHPUT, SpanShape.TRACES10),
    AGENT_HTTP_1(Setup.AGENT, Protocol.HTTP, 0, 1, Tuning.THROUGHPUT, SpanShape.TRACES10),
    AGENT_HTTP_8(Setup.AGENT, Protocol.HTTP, 0, 8, Tuning.THROUGHPUT, SpanShape.TRACES10),
    /** Agent → loadbalancing → two gateways, as fast as acknowledged; compare with {@link #LB_DIRECT}. */
    LB_2GW(Setup.LOADBALANCING, Protocol.GRPC, 0, 64, Tuning.THROUGHPUT, SpanShape.TESTBED),
    /** The same tier with one plain otlp exporter to one gateway: the direct path. */
    LB_DIRECT(Setup.FORWARD, Protocol.GRPC, 0, 64, Tuning.THROUGHPUT, SpanShape.TESTBED),
    /** As many spans into the store as it acknowledges. */
    MAX_STORE(Setup.STORE, Protocol.GRPC, 0, 512, Tuning.THROUGHPUT, SpanShape.TESTBED),
    /** As many spans as a pipeline ending in a no-op exporter takes: the pipeline's own cost. */
    MAX_NOOP(Setup.NOOP, Protocol.GRPC, 0, 512, Tuning.THROUGHPUT, SpanShape.TESTBED),
    /** MAX_NOOP's pipeline plus {@code traces → spanmetrics → prometheus}: what the connector costs. */
    MAX_SPANMETRICS(Setup.SPANMETRICS, Protocol.GRPC, 0, 512, Tuning.THROUGHPUT, SpanShape.TESTBED),
    /** As many spans as a bare gRPC service decodes and counts: the ceiling the others are quoted against. */
    CEILING(Setup.CEILING, Protocol.GRPC, 0, 512, Tuning.THROUGHPUT, SpanShape.TESTBED);

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
        /**
         * The server with {@code scenarios/loadbalancing.yaml}: receiver, batch, loadbalancing exporter to
         * two more receivers in the same process that only count.
         */
        LOADBALANCING,
        /** The server with {@code scenarios/forward.yaml}: the same with one otlp exporter and one receiver. */
        FORWARD,
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
    /** The spans sent unless the runner is told another shape. */
    final SpanShape shape;
    final Compression compression;

    Scenario(Setup setup, Protocol protocol, long rate, int concurrency, Tuning tuning, SpanShape shape) {
        this(setup, protocol, rate, concurrency, tuning, shape, Compression.NONE);
    }

    Scenario(Setup setup, Protocol protocol, long rate, int concurrency, Tuning tuning, SpanShape shape,
            Compression compression) {
        this.setup = setup;
        this.protocol = protocol;
        this.rate = rate;
        this.concurrency = concurrency;
        this.tuning = tuning;
        this.shape = shape;
        this.compression = compression;
    }

    /** The name on the command line and in results, e.g. {@code trace10k-grpc}. */
    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Issue 14's figures in one run: the acknowledgement scenarios at every level over both transports, the
     * agent's, and Trace10kSPS next to the bare service's at the same load.
     */
    static final String ACK_GROUP = "ack";

    /** A comma-separated list of labels, {@code all}, or {@value #ACK_GROUP}. */
    static List<Scenario> parseList(String text) {
        if (text.equals("all")) {
            return List.of(values());
        }
        List<Scenario> out = new ArrayList<>();
        for (String label : text.split(",")) {
            String trimmed = label.trim();
            if (trimmed.equals(ACK_GROUP)) {
                out.add(TRACE10K_GRPC);
                out.add(TRACE10K_CEILING);
                for (Scenario s : values()) {
                    if (s.label().startsWith("ack-") || s.label().startsWith("agent-")) {
                        out.add(s);
                    }
                }
            } else {
                out.add(parse(trimmed));
            }
        }
        return out;
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
        throw new IllegalArgumentException("unknown scenario '" + label + "'; known: " + known + "all, "
                + ACK_GROUP);
    }
}
