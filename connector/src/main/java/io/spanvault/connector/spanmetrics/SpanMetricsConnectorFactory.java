package io.spanvault.connector.spanmetrics;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.component.ConnectorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.time.Clock;
import java.util.Set;

/** {@code spanmetrics} (alias {@code span_metrics}): request, error and duration metrics from spans, traces to metrics. */
public final class SpanMetricsConnectorFactory implements ConnectorFactory<SpanMetricsConfig> {

    @Override
    public String type() {
        return "spanmetrics";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("span_metrics");
    }

    @Override
    public Class<SpanMetricsConfig> configType() {
        return SpanMetricsConfig.class;
    }

    @Override
    public SpanMetricsConfig defaultConfig() {
        return new SpanMetricsConfig(null, null, null, null, null, null, null, null, null);
    }

    @Override
    public boolean supports(Signal<?> exported, Signal<?> received) {
        return exported == Signal.TRACES && received == Signal.METRICS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I extends Message, O extends Message> Connector<I> create(ComponentContext context,
            SpanMetricsConfig config, Signal<I> exported, Signal<O> received, SignalConsumer<O> next) {
        if (!supports(exported, received)) {
            throw new IllegalArgumentException("spanmetrics connects traces to metrics, not " + exported + " to " + received);
        }
        return (Connector<I>) new SpanMetricsConnector(config, (SignalConsumer<ExportMetricsServiceRequest>) next,
                Clock.systemUTC(), System::nanoTime, context.id().toString(), context.telemetry());
    }
}
