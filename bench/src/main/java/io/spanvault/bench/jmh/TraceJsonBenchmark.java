package io.spanvault.bench.jmh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.query.jaeger.OtlpToJaeger;
import io.spanvault.query.jaeger.UiTraceWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding one stored trace (the realistic shape's 20 spans: ~20 attributes, two events, a 5-level tree) as
 * JSON: Jaeger's UI model for {@code /api/traces/{id}} (conversion included), and OTLP/JSON for api_v3.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TraceJsonBenchmark {
    private final JsonFactory json = OtlpJson.jsonFactory();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    private TracesData trace;

    @Setup
    public void build() {
        trace = TracesData.newBuilder().addAllResourceSpans(SpanShape.REALISTIC
                .request(SpanShape.SPANS_PER_TRACE, 1_700_000_000_000_000_000L).getResourceSpansList()).build();
    }

    @Benchmark
    public int jaegerV1() throws IOException {
        out.reset();
        try (JsonGenerator g = json.createGenerator(out)) {
            UiTraceWriter.write(g, OtlpToJaeger.trace(trace));
        }
        return out.size();
    }

    @Benchmark
    public int otlpApiV3() throws IOException {
        out.reset();
        try (JsonGenerator g = json.createGenerator(out)) {
            OtlpJson.write(trace, g);
        }
        return out.size();
    }
}
