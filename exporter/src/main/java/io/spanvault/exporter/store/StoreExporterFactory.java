package io.spanvault.exporter.store;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import java.util.List;

/**
 * The {@code store} exporter: traces into the embedded store. The store is opened here, in {@code create},
 * not in {@code start}, because the service starts extensions before exporters and the query extension
 * looks the store up when it starts.
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
        return new StoreExporterConfig(null, null, null, null, null, null, null, null);
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
        ChronicleTraceStore store = ChronicleTraceStore.open(config.storeOptions());
        return (Exporter<T>) new StoreExporter(context, store,
                new WriterPool(store, config.numWriters(), "spanvault-exporter-" + context.id()));
    }
}
