package io.spanvault.exporter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.storage.chronicle.ChronicleStoreConfig;
import io.spanvault.storage.chronicle.SyncPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreExporterConfigTest {

    @Test
    void defaults() {
        StoreExporterConfig config = new StoreExporterFactory().defaultConfig();
        assertEquals(null, config.backend(), "the shorthand: the exporter's own Chronicle backend");
        assertEquals(Runtime.getRuntime().availableProcessors(), config.numWriters());
        ChronicleStoreConfig c = config.chronicle();
        assertEquals("./data", c.dataDir());
        assertEquals(Duration.ofHours(72), c.retention());
        assertEquals(0L, c.maxDiskSize());
        assertEquals(SyncPolicy.NONE, c.syncPolicy());
        assertEquals(Duration.ofSeconds(1), c.syncInterval());
        assertEquals(Duration.ofHours(1), c.maxFutureSkew());
        assertEquals(96, c.maxOpenPartitions());
    }

    @Test
    void syncPolicies() {
        assertEquals(SyncPolicy.EVERY_WRITE, new StoreExporterConfig(null, null, null, null, null, "every_write", null, null, null).chronicle().syncPolicy());
        assertEquals(SyncPolicy.INTERVAL, new StoreExporterConfig(null, null, null, null, null, "interval", null, null, null).chronicle().syncPolicy());
    }

    @Test
    void badValuesNameTheirKey() {
        assertEquals("data_dir", assertThrows(InvalidConfigException.class,
                () -> new StoreExporterConfig(null, null, " ", null, null, null, null, null, null)).key());
        assertEquals("retention", assertThrows(InvalidConfigException.class,
                () -> new StoreExporterConfig(null, null, null, Duration.ofSeconds(5), null, null, null, null, null)).key());
        assertEquals("max_disk_size", assertThrows(InvalidConfigException.class,
                () -> new StoreExporterConfig(null, null, null, null, -1L, null, null, null, null)).key());
        InvalidConfigException sync = assertThrows(InvalidConfigException.class,
                () -> new StoreExporterConfig(null, null, null, null, null, "always", null, null, null));
        assertEquals("sync", sync.key());
        assertEquals("sync_interval", assertThrows(InvalidConfigException.class,
                () -> new StoreExporterConfig(null, null, null, null, null, null, Duration.ZERO, null, null)).key());
        InvalidConfigException writers = assertThrows(InvalidConfigException.class,
                () -> new StoreExporterConfig(null, 0, null, null, null, null, null, null, null));
        assertEquals("num_writers", writers.key());
        assertEquals("max_future_skew", assertThrows(InvalidConfigException.class,
                () -> new StoreExporterConfig(null, null, null, null, null, null, null, Duration.ofMinutes(-1), null)).key());
        assertEquals("max_open_partitions", assertThrows(InvalidConfigException.class,
                () -> new StoreExporterConfig(null, null, null, null, null, null, null, null, 1)).key());
    }
}
