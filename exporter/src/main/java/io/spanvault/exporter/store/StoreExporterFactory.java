package io.spanvault.exporter.store;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.storage.backend.Backend;
import io.spanvault.storage.backend.BackendConfig;
import io.spanvault.storage.chronicle.ChronicleStoreFactory;
import java.util.List;

/**
 * The {@code store} exporter: traces into a storage backend. Creating it opens nothing: the backend is opened
 * by whoever asks for it first when the service starts (the query extension, which starts before exporters,
 * or the exporter's own {@code start}).
 */
public final class StoreExporterFactory implements ExporterFactory<StoreExporterConfig> {

    @Override
    public String type() {
        return "store";
    }

    @Override
    public Class<StoreExporterConfig> configType() {
        return StoreExporterConfig.class;
    }

    @Override
    public StoreExporterConfig defaultConfig() {
        return new StoreExporterConfig(null, null, null, null, null, null, null, null, null);
    }

    @Override
    public List<Signal<?>> signals() {
        return List.of(Signal.TRACES);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends Message> Exporter<T> create(ComponentContext context, StoreExporterConfig config,
            Signal<T> signal) {
        if (signal != Signal.TRACES) {
            throw new IllegalArgumentException("the store exporter stores traces only, not " + signal);
        }
        Backend own = config.backend() != null ? null : new Backend(context.id().toString(),
                new BackendConfig(new ChronicleStoreFactory(), config.chronicle()), context.telemetry());
        return (Exporter<T>) new StoreExporter(context, config, own);
    }
}
