package io.spanvault.storage.memory;

import io.spanvault.storage.TraceStore;
import io.spanvault.storage.backend.BackendContext;
import io.spanvault.storage.backend.TraceStoreFactory;

/** The {@code memory} backend: for tests and for users who want no disk. */
public final class MemoryStoreFactory implements TraceStoreFactory<MemoryStoreConfig> {

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public Class<MemoryStoreConfig> configType() {
        return MemoryStoreConfig.class;
    }

    @Override
    public MemoryStoreConfig defaultConfig() {
        return MemoryStoreConfig.defaults();
    }

    @Override
    public TraceStore open(MemoryStoreConfig config, BackendContext context) {
        MemoryTraceStore store = new MemoryTraceStore(config);
        context.telemetry().gauge("spanvault_store_spans", "Spans in the store.", context.labels(), store::spanCount);
        context.telemetry().gauge("spanvault_store_traces", "Traces in the store.", context.labels(),
                store::traceCount);
        context.telemetry().gauge("spanvault_store_evicted_spans",
                "Spans dropped because the store reached max_spans or max_bytes.", context.labels(),
                store::evictedSpans);
        return store;
    }
}
