package io.spanvault.exporter.otlphttp;

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

/** {@code otlp_http}, also spelled {@code otlphttp}: posts every signal to an OTLP/HTTP receiver. */
public final class OtlpHttpExporterFactory implements ExporterFactory<OtlpHttpExporterConfig> {

    @Override
    public String type() {
        return "otlp_http";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("otlphttp");
    }

    @Override
    public Class<OtlpHttpExporterConfig> configType() {
        return OtlpHttpExporterConfig.class;
    }

    @Override
    public OtlpHttpExporterConfig defaultConfig() {
        return new OtlpHttpExporterConfig(null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public <T extends Message> Exporter<T> create(ComponentContext context, OtlpHttpExporterConfig config,
            Signal<T> signal) {
        String name = context.id() + "/" + signal.name();
        SendingMetrics metrics = new SendingMetrics(context, signal);
        HttpExportClient<T> client;
        try {
            client = new HttpExportClient<>(config, signal, name, new PartialSuccessLog(name, signal, metrics));
        } catch (InvalidConfigException e) {
            throw e.under(context.kind().section() + "." + context.id());
        }
        return new SendingExporter<>(context, signal, config.retryOnFailure(), config.sendingQueue(),
                config.timeout(), metrics, client);
    }
}
