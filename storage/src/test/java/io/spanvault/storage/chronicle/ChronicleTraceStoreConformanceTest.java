package io.spanvault.storage.chronicle;

import io.spanvault.storage.TraceStore;
import io.spanvault.storage.conformance.Capability;
import io.spanvault.storage.conformance.TraceStoreConformanceTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

class ChronicleTraceStoreConformanceTest extends TraceStoreConformanceTest {

    @Override
    protected TraceStore openStore(Path dataDir, Duration retention, Clock clock) {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withRetention(retention).withClock(clock));
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    protected void applyRetention(TraceStore store) {
        ((ChronicleTraceStore) store).maintain();
    }
}
