package io.spanvault.connector.spanmetrics;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.connector.TracesToMetricsConnectorFactory;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.consumer.SignalConsumer;
import java.time.Clock;
import java.util.Set;

/** {@code spanmetrics} (alias {@code span_metrics}): request, error and duration metrics from spans, traces to metrics. */
public final class SpanMetricsConnectorFactory extends TracesToMetricsConnectorFactory<SpanMetricsConfig> {

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
    protected Connector<ExportTraceServiceRequest> connect(ComponentContext context, SpanMetricsConfig config,
            SignalConsumer<ExportMetricsServiceRequest> next) {
        return new SpanMetricsConnector(config, next, Clock.systemUTC(), System::nanoTime, context.id().toString(),
                context.telemetry());
    }
}
