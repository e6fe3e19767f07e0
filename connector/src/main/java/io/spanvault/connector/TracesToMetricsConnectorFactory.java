package io.spanvault.connector;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.component.ConnectorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;

/** A connector type that ends traces pipelines and feeds metrics pipelines, such as spanmetrics and servicegraph. */
public abstract class TracesToMetricsConnectorFactory<C> implements ConnectorFactory<C> {

    @Override
    public final boolean supports(Signal<?> exported, Signal<?> received) {
        return exported == Signal.TRACES && received == Signal.METRICS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <I extends Message, O extends Message> Connector<I> create(ComponentContext context, C config,
            Signal<I> exported, Signal<O> received, SignalConsumer<O> next) {
        if (!supports(exported, received)) {
            throw new IllegalArgumentException(type() + " connects traces to metrics, not " + exported + " to " + received);
        }
        return (Connector<I>) connect(context, config, (SignalConsumer<ExportMetricsServiceRequest>) next);
    }

    /** The connector for one configured instance, sending the metrics it makes to {@code next}. */
    protected abstract Connector<ExportTraceServiceRequest> connect(ComponentContext context, C config,
            SignalConsumer<ExportMetricsServiceRequest> next);
}
