package io.spanvault.storage.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.storage.TraceStore;
import io.spanvault.storage.memory.MemoryStoreConfig;
import io.spanvault.storage.memory.MemoryTraceStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackendTest {
    private final List<String> calls = new ArrayList<>();

    /** A backend type that records which of its steps ran. */
    private final class RecordingFactory implements TraceStoreFactory<String> {
        @Override
        public String type() {
            return "recording";
        }

        @Override
        public Class<String> configType() {
            return String.class;
        }

        @Override
        public String defaultConfig() {
            return "";
        }

        @Override
        public void prepare(String config) {
            calls.add("prepare " + config);
        }

        @Override
        public TraceStore open(String config, BackendContext context) {
            calls.add("open " + config + " as " + context.name());
            return new MemoryTraceStore(MemoryStoreConfig.defaults());
        }
    }

    @Test
    void preparingHandsTheConfigToTheBackendTypeWithoutOpeningTheStore() {
        Backend backend = new Backend("main", new BackendConfig(new RecordingFactory(), "cfg"), new Telemetry());

        backend.prepare();
        assertEquals(List.of("prepare cfg"), calls, "nothing opened: a prepared backend touches no file yet");

        TraceStore store = backend.store();
        assertSame(store, backend.store());
        assertEquals(List.of("prepare cfg", "open cfg as main"), calls);
        backend.close();
    }
}
