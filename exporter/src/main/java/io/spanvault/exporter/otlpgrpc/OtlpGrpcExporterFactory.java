package io.spanvault.exporter.otlpgrpc;

import com.google.protobuf.Message;
import io.spanvault.exporter.otlpclient.PartialSuccessLog;
import io.spanvault.exporter.sending.SendingExporter;
import io.spanvault.exporter.sending.SendingMetrics;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import java.util.Set;

/** {@code otlp_grpc}, also spelled {@code otlp}: forwards every signal to an OTLP/gRPC receiver. */
public final class OtlpGrpcExporterFactory implements ExporterFactory<OtlpGrpcExporterConfig> {

    @Override
    public String type() {
        return "otlp_grpc";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("otlp");
    }

    @Override
    public Class<OtlpGrpcExporterConfig> configType() {
        return OtlpGrpcExporterConfig.class;
    }

    @Override
    public OtlpGrpcExporterConfig defaultConfig() {
        return new OtlpGrpcExporterConfig(null, null, null, null, null, null, null);
    }

    @Override
    public <T extends Message> Exporter<T> create(ComponentContext context, OtlpGrpcExporterConfig config,
            Signal<T> signal) {
        try {
            config.address();
        } catch (InvalidConfigException e) {
            throw e.under(context.kind().section() + "." + context.id());
        }
        SendingMetrics metrics = new SendingMetrics(context, signal);
        SendingExporter.Client<T> client = client(config, signal, context.id() + "/" + signal.name(), metrics);
        return new SendingExporter<>(context, signal, config.retryOnFailure(), config.sendingQueue(),
                config.timeout(), metrics, client);
    }

    /** The one-request OTLP/gRPC client, for exporters that wrap it in their own routing (loadbalancing). */
    public static <T extends Message> SendingExporter.Client<T> client(OtlpGrpcExporterConfig config, Signal<T> signal,
            String name, SendingMetrics metrics) {
        return new GrpcExportClient<>(config, signal, name, new PartialSuccessLog(name, signal, metrics));
    }
}
