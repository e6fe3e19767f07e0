package io.spanvault.connector.servicegraph;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.component.ConnectorFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import java.time.Clock;

/** {@code servicegraph}: request counts and durations between services, from paired client and server spans. */
public final class ServiceGraphConnectorFactory implements ConnectorFactory<ServiceGraphConfig> {

    @Override
    public String type() {
        return "servicegraph";
    }

    @Override
    public Class<ServiceGraphConfig> configType() {
        return ServiceGraphConfig.class;
    }

    @Override
    public ServiceGraphConfig defaultConfig() {
        return new ServiceGraphConfig(null, null, null, null, null, null);
    }

    @Override
    public boolean supports(Signal<?> exported, Signal<?> received) {
        return exported == Signal.TRACES && received == Signal.METRICS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I extends Message, O extends Message> Connector<I> create(ComponentContext context,
            ServiceGraphConfig config, Signal<I> exported, Signal<O> received, SignalConsumer<O> next) {
        if (!supports(exported, received)) {
            throw new IllegalArgumentException("servicegraph connects traces to metrics, not " + exported + " to " + received);
        }
        return (Connector<I>) new ServiceGraphConnector(config, (SignalConsumer<ExportMetricsServiceRequest>) next,
                Clock.systemUTC(), System::nanoTime, context.id().toString(), context.telemetry());
    }
}
