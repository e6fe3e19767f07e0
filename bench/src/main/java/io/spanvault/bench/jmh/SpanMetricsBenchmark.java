package io.spanvault.bench.jmh;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.connector.spanmetrics.SpanMetricsConfig;
import io.spanvault.connector.spanmetrics.SpanMetricsConnectorFactory;
import io.spanvault.exporter.prometheus.PrometheusExporterConfig;
import io.spanvault.exporter.prometheus.PrometheusExporterFactory;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.consumer.FanoutConsumer;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 * The end of a traces pipeline handed a decoded 100-span request, without and with the spanmetrics connector
 * among its exporters ({@code exporters: [x, spanmetrics]}, the connector feeding the prometheus exporter).
 * The difference per request / 100 is the connector's CPU cost per span on one thread; its flush (once per
 * {@code metrics_flush_interval}, per series rather than per span) is not in the loop.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpanMetricsBenchmark {
    @Param({"testbed", "realistic"})
    public String shape;

    private ExportTraceServiceRequest request;
    private SignalConsumer<ExportTraceServiceRequest> without;
    private SignalConsumer<ExportTraceServiceRequest> with;
    private Connector<ExportTraceServiceRequest> spanmetrics;

    @Setup(Level.Trial)
    public void createPipelines() {
        request = SpanShape.parse(shape).request(100, 1_700_000_000_000_000_000L);
        Telemetry telemetry = new Telemetry();
        SignalConsumer<ExportTraceServiceRequest> accepting = r -> CompletableFuture.completedFuture(null);
        Exporter<ExportMetricsServiceRequest> prometheus = new PrometheusExporterFactory().create(
                new ComponentContext(ComponentKind.EXPORTER, new ComponentId("prometheus", ""), telemetry),
                new PrometheusExporterConfig(null, null, null, null, null, null), Signal.METRICS);
        spanmetrics = new SpanMetricsConnectorFactory().create(
                new ComponentContext(ComponentKind.CONNECTOR, new ComponentId("spanmetrics", ""), telemetry),
                new SpanMetricsConfig(null, null, null, null, null, null, null, null, null), Signal.TRACES, Signal.METRICS,
                prometheus);
        without = FanoutConsumer.of(List.of(accepting));
        with = FanoutConsumer.of(List.of(accepting, spanmetrics));
    }

    @TearDown(Level.Trial)
    public void close() {
        spanmetrics.close();
    }

    @Benchmark
    public CompletionStage<Void> withoutSpanMetrics() {
        return without.consume(request);
    }

    @Benchmark
    public CompletionStage<Void> withSpanMetrics() {
        return with.consume(request);
    }
}
