package io.spanvault.connector.servicegraph;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.connector.TracesToMetricsConnectorFactory;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.consumer.SignalConsumer;
import java.time.Clock;

/** {@code servicegraph}: request counts and durations between services, from paired client and server spans. */
public final class ServiceGraphConnectorFactory extends TracesToMetricsConnectorFactory<ServiceGraphConfig> {

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
    protected Connector<ExportTraceServiceRequest> connect(ComponentContext context, ServiceGraphConfig config,
            SignalConsumer<ExportMetricsServiceRequest> next) {
        return new ServiceGraphConnector(config, next, Clock.systemUTC(), System::nanoTime, context.id().toString(),
                context.telemetry());
    }
}
