package io.spanvault.bench.jmh;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.bench.loadgen.RequestTemplate;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.bench.store.ScratchStore;
import io.spanvault.storage.TraceId;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
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
 * Reading a random stored trace by id from a store holding 500,000 spans (testbed: single-span traces;
 * realistic: 20-span traces), as {@code /api/traces/{id}} does before converting it. Run with the Chronicle
 * flags, as {@link StoreWriteBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TraceByIdBenchmark {
    private static final int BATCHES = 500;

    @Param({"testbed", "realistic"})
    public String shape;

    private ScratchStore scratch;
    private TraceId[] traces;
    private final SplittableRandom random = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void fill() throws Exception {
        scratch = ScratchStore.open();
        RequestTemplate template = new RequestTemplate(SpanShape.parse(shape)
                .request(StoreWriteBenchmark.BATCH_SPANS, TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis())));
        Set<TraceId> written = new LinkedHashSet<>();
        for (int b = 0; b < BATCHES; b++) {
            ExportTraceServiceRequest batch = ExportTraceServiceRequest.parseFrom(template.encode(b));
            scratch.store().write(batch);
            for (ResourceSpans rs : batch.getResourceSpansList()) {
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        written.add(TraceId.of(span.getTraceId()));
                    }
                }
            }
        }
        traces = written.toArray(new TraceId[0]);
    }

    @Benchmark
    public Optional<TracesData> getTrace() {
        return scratch.store().getTrace(traces[random.nextInt(traces.length)], null, null);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        scratch.close();
    }
}
