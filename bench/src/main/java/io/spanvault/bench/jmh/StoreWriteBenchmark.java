package io.spanvault.bench.jmh;

import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.bench.loadgen.RequestTemplate;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.bench.store.ScratchStore;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing one batch of 1,000 spans into the store, as the {@code store} exporter does per batch; every batch
 * holds new traces. The forked JVM inherits this JVM's options, so run it with the Chronicle flags (see
 * {@code bench/README.md}). Writes ~1 GiB into a temporary directory, deleted afterwards.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StoreWriteBenchmark {
    static final int BATCH_SPANS = 1_000;

    @Param({"testbed", "realistic"})
    public String shape;

    /** {@code generated} shows what the store paid for spans whose strings were decoded at parse. */
    @Param({"receiver", "generated"})
    public String parser;

    private ScratchStore scratch;
    private ChronicleTraceStore store;
    private RequestTemplate template;
    private long sequence;
    private ExportTraceServiceRequest batch;
    private Parser<ExportTraceServiceRequest> parse;

    @Setup(Level.Trial)
    public void open() throws Exception {
        parse = TraceParsers.named(parser);
        scratch = ScratchStore.open();
        store = scratch.store();
        template = new RequestTemplate(SpanShape.parse(shape).request(BATCH_SPANS, TimeUnit.MILLISECONDS.toNanos(
                System.currentTimeMillis())));
    }

    /** A batch of new traces, parsed outside the measured time as the receiver parses before the store. */
    @Setup(Level.Invocation)
    public void nextBatch() throws Exception {
        batch = parse.parseFrom(template.encode(sequence++));
    }

    @Benchmark
    public void write() {
        store.write(batch);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        scratch.close();
    }
}
