package io.spanvault.storage.chronicle;

import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.storage.TraceStore;
import io.spanvault.storage.backend.BackendContext;
import io.spanvault.storage.backend.TraceStoreFactory;

/** The {@code chronicle} backend: the embedded store on local disk, with its {@code spanvault_store_*} gauges. */
public final class ChronicleStoreFactory implements TraceStoreFactory<ChronicleStoreConfig> {

    @Override
    public String type() {
        return "chronicle";
    }

    @Override
    public Class<ChronicleStoreConfig> configType() {
        return ChronicleStoreConfig.class;
    }

    @Override
    public ChronicleStoreConfig defaultConfig() {
        return ChronicleStoreConfig.defaults();
    }

    @Override
    public void prepare(ChronicleStoreConfig config) {
        ChronicleRuntime.prepare();
    }

    @Override
    public TraceStore open(ChronicleStoreConfig config, BackendContext context) {
        ChronicleTraceStore store = ChronicleTraceStore.open(config.storeOptions());
        registerGauges(store, context.telemetry(), context.labels());
        return store;
    }

    private static void registerGauges(ChronicleTraceStore store, Telemetry telemetry, Labels labels) {
        telemetry.gauge("spanvault_store_spans", "Spans in the store.", labels, store::spanCount);
        telemetry.gauge("spanvault_store_traces", "Traces in the store, counted once per partition they are in.",
                labels, store::traceCount);
        telemetry.gauge("spanvault_store_disk_bytes", "Bytes the store's files take.", labels, store::diskBytes);
        telemetry.gauge("spanvault_store_partitions", "Time partitions in the store.", labels, store::partitionCount);
        telemetry.gauge("spanvault_store_expired_spans", "Spans not stored because they started before the retention window.",
                labels, store::expiredSpans);
        telemetry.gauge("spanvault_store_future_spans",
                "Spans not stored because they started more than max_future_skew after now.", labels,
                store::futureSpans);
        telemetry.gauge("spanvault_store_invalid_spans", "Spans not stored because their trace id is not 16 bytes.",
                labels, store::invalidSpans);
    }
}
