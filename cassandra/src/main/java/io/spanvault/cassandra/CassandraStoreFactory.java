package io.spanvault.cassandra;

import io.spanvault.storage.TraceStore;
import io.spanvault.storage.backend.BackendContext;
import io.spanvault.storage.backend.TraceStoreFactory;
import java.time.Clock;

/** The {@code cassandra} backend: traces in a Cassandra cluster that several Spanvault processes share. */
public final class CassandraStoreFactory implements TraceStoreFactory<CassandraStoreConfig> {

    @Override
    public String type() {
        return "cassandra";
    }

    @Override
    public Class<CassandraStoreConfig> configType() {
        return CassandraStoreConfig.class;
    }

    @Override
    public CassandraStoreConfig defaultConfig() {
        return CassandraStoreConfig.defaults();
    }

    @Override
    public TraceStore open(CassandraStoreConfig config, BackendContext context) {
        CassandraTraceStore store = CassandraTraceStore.open(config, Clock.systemUTC());
        context.telemetry().gauge("spanvault_store_written_spans", "Spans this process wrote to the store.",
                context.labels(), store::writtenSpans);
        context.telemetry().gauge("spanvault_store_invalid_spans",
                "Spans not stored because their trace id is not 16 bytes.", context.labels(), store::invalidSpans);
        context.telemetry().gauge("spanvault_store_expired_spans",
                "Spans not stored because they started before the retention (ttl).", context.labels(),
                store::expiredSpans);
        context.telemetry().gauge("spanvault_store_failed_service_map_updates",
                "Service-map links of stored spans whose counters Cassandra did not take.", context.labels(),
                store::failedCallUpdates);
        return store;
    }
}
