package io.spanvault.bench.jmh;

import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.bench.loadgen.SpanShape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decoding one OTLP trace request of 100 spans, as every receiver does per request. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OtlpDecodeBenchmark {
    @Param({"testbed", "realistic"})
    public String shape;

    @Param({"receiver", "generated"})
    public String parser;

    private byte[] encoded;
    private Parser<ExportTraceServiceRequest> parse;

    @Setup
    public void encode() {
        parse = TraceParsers.named(parser);
        encoded = SpanShape.parse(shape).request(100, 1_700_000_000_000_000_000L).toByteArray();
    }

    @Benchmark
    public ExportTraceServiceRequest decode() throws Exception {
        return parse.parseFrom(encoded);
    }
}
