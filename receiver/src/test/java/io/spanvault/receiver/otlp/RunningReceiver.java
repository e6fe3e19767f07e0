package io.spanvault.receiver.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.admission.AdmissionConfig;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.otlp.SpanWindowSource;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.MetricFamily;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@code otlp} receiver on loopback port 0 feeding capturing pipeline ends, for tests. */
final class RunningReceiver implements AutoCloseable {
    static final String ID = "otlp/test";

    final CapturingConsumer<ExportTraceServiceRequest> traces = new CapturingConsumer<>(Signal.TRACES);
    final CapturingConsumer<ExportMetricsServiceRequest> metrics = new CapturingConsumer<>(Signal.METRICS);
    final CapturingConsumer<ExportLogsServiceRequest> logs = new CapturingConsumer<>(Signal.LOGS);
    final Telemetry telemetry = new Telemetry();
    final OtlpReceiver receiver;

    private RunningReceiver(OtlpReceiverConfig config, boolean withLogs, Host host) throws Exception {
        Map<Signal<?>, SignalConsumer<?>> consumers = new HashMap<>();
        consumers.put(Signal.TRACES, traces);
        consumers.put(Signal.METRICS, metrics);
        if (withLogs) {
            consumers.put(Signal.LOGS, logs);
        }
        receiver = new OtlpReceiverFactory().create(
                new ComponentContext(ComponentKind.RECEIVER, ComponentId.parse(ID), telemetry),
                config, new ReceiverConsumers(consumers));
        // as the service graph does: every receiver test starts a prepared receiver
        receiver.prepare();
        receiver.start(host);
    }

    /** Both protocols on loopback port 0, with every signal in a pipeline. */
    static RunningReceiver start() throws Exception {
        return start(grpc(null), http(null));
    }

    static RunningReceiver start(GrpcServerConfig grpc, HttpServerConfig http) throws Exception {
        return new RunningReceiver(new OtlpReceiverConfig(new ProtocolsConfig(grpc, http)), true, null);
    }

    /** Both protocols, feeding a pipeline whose store exporter admits spans in {@code window} only. */
    static RunningReceiver startWithStoreWindow(SpanWindowSource window) throws Exception {
        Host host = new Host() {
            @Override
            public <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type) {
                return Optional.empty();
            }

            @Override
            public <T> List<T> exportersFedBy(ComponentId receiver, Signal<?> signal, Class<T> type) {
                return receiver.toString().equals(ID) && signal == Signal.TRACES && type.isInstance(window)
                        ? List.of(type.cast(window)) : List.of();
            }
        };
        return new RunningReceiver(new OtlpReceiverConfig(new ProtocolsConfig(grpc(null), http(null))), true, host);
    }

    static RunningReceiver start(GrpcServerConfig grpc, HttpServerConfig http, AdmissionConfig admission)
            throws Exception {
        return new RunningReceiver(new OtlpReceiverConfig(new ProtocolsConfig(grpc, http), admission), true, null);
    }

    /** As {@link #start()}, but no pipeline takes logs from this receiver. */
    static RunningReceiver startWithoutLogs() throws Exception {
        return new RunningReceiver(new OtlpReceiverConfig(new ProtocolsConfig(grpc(null), http(null))), false, null);
    }

    static GrpcServerConfig grpc(Integer maxMib) {
        return new GrpcServerConfig(new io.spanvault.pipeline.config.Endpoint("127.0.0.1", 0), maxMib, null);
    }

    static HttpServerConfig http(Long maxBody) {
        return new HttpServerConfig(new io.spanvault.pipeline.config.Endpoint("127.0.0.1", 0), maxBody, null, null,
                null, null, null);
    }

    /** The value of a receiver self-metric for this receiver and transport. */
    long counter(String name, String transport) {
        Labels labels = Labels.of("receiver", ID, "transport", transport);
        for (MetricFamily family : telemetry.families()) {
            if (family.name().equals(name)) {
                Object series = family.series().get(labels);
                return series == null ? 0 : ((Counter) series).value();
            }
        }
        return 0;
    }

    @Override
    public void close() {
        receiver.close();
    }
}
