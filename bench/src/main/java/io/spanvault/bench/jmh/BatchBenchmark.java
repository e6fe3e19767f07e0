package io.spanvault.bench.jmh;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.processor.batch.BatchConfig;
import io.spanvault.processor.batch.BatchProcessorFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
 * Handing 100-span requests to the batch processor with the collector's default batch size (8192 spans);
 * every ~82 requests a merged batch goes to a consumer that accepts at once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchBenchmark {
    @Param({"testbed", "realistic"})
    public String shape;

    private final LongAdder batches = new LongAdder();
    private ExportTraceServiceRequest request;
    private Processor<ExportTraceServiceRequest> batch;

    @Setup(Level.Trial)
    public void createProcessor() {
        request = SpanShape.parse(shape).request(100, 1_700_000_000_000_000_000L);
        batch = new BatchProcessorFactory().create(new ComponentContext(ComponentKind.PROCESSOR,
                new ComponentId("batch", ""), new Telemetry()), new BatchConfig(null, null, null, null), Signal.TRACES,
                merged -> {
                    batches.increment();
                    return CompletableFuture.completedFuture(null);
                });
    }

    @TearDown(Level.Trial)
    public void close() {
        batch.close();
    }

    @Benchmark
    public CompletionStage<Void> consume() {
        return batch.consume(request);
    }
}
