package io.spanvault.exporter.file;

import com.google.protobuf.Message;
import io.spanvault.exporter.sending.SendingMetrics;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;

/** {@code file}: writes every signal to a local file, for debugging and hand-off without a backend. */
public final class FileExporterFactory implements ExporterFactory<FileExporterConfig> {

    @Override
    public String type() {
        return "file";
    }

    @Override
    public Class<FileExporterConfig> configType() {
        return FileExporterConfig.class;
    }

    @Override
    public FileExporterConfig defaultConfig() {
        return new FileExporterConfig(null, null, null, null);
    }

    @Override
    public <T extends Message> Exporter<T> create(ComponentContext context, FileExporterConfig config,
            Signal<T> signal) {
        try {
            config.requiredPath();
        } catch (InvalidConfigException e) {
            throw e.under(context.kind().section() + "." + context.id());
        }
        return new FileExporter<>(config, signal, new SendingMetrics(context, signal),
                context.id() + "/" + signal.name());
    }
}
