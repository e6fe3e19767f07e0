package io.spanvault.storage.memory;

import io.spanvault.storage.TraceStore;
import io.spanvault.storage.conformance.Capability;
import io.spanvault.storage.conformance.TraceStoreConformanceTest;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/** The in-memory store runs the kit unchanged; it keeps nothing across a restart and has no time retention. */
class MemoryTraceStoreConformanceTest extends TraceStoreConformanceTest {

    @Override
    protected TraceStore openStore(Path dataDir, Duration retention, Clock clock) {
        return new MemoryTraceStore(MemoryStoreConfig.defaults());
    }

    @Override
    protected Set<Capability> capabilities() {
        return EnumSet.of(Capability.WHOLE_TRACE_MATCHING);
    }
}
