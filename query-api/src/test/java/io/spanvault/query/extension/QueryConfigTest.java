package io.spanvault.query.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryConfigTest {

    @Test
    void defaultsListenOnLoopback16686AndReadTheStoreExporter() {
        QueryConfig config = new QueryExtensionFactory().defaultConfig();

        assertEquals(new Endpoint("127.0.0.1", 16686), config.endpoint());
        assertEquals("store", config.storage());
        assertEquals("store", config.storage());
        assertEquals("", config.basePath());
        assertNull(config.ui());
        assertNull(config.cors());
        assertEquals(1500, config.maxLimit());
        assertEquals(64L << 20, config.maxResponseSize());
        assertEquals(java.time.Duration.ofHours(48), config.metrics().maxLookback());
    }

    @Test
    void basePathIsNormalisedWithoutTrailingSlash() {
        assertEquals("/jaeger", QueryConfig.of(null, null, "/jaeger/", null, null).basePath());
        assertEquals("/a/b", QueryConfig.of(null, null, "/a/b", null, null).basePath());
        assertEquals("", QueryConfig.of(null, null, "/", null, null).basePath());
    }

    @Test
    void invalidValuesNameTheirKey() {
        InvalidConfigException basePath = assertThrows(InvalidConfigException.class,
                () -> QueryConfig.of(null, null, "jaeger", null, null));
        assertEquals("base_path", basePath.key());
        assertEquals("'jaeger' must start with '/'", basePath.problem());
        assertEquals("storage", assertThrows(InvalidConfigException.class,
                () -> QueryConfig.of(null, "store/", null, null, null)).key());
        assertEquals("max_limit", assertThrows(InvalidConfigException.class,
                () -> new QueryConfig(null, null, null, null, null, null, null, null, 99, null, null, null, null, null, null,
                        null, null)).key());
        assertEquals("max_response_size", assertThrows(InvalidConfigException.class,
                () -> new QueryConfig(null, null, null, null, null, null, null, null, null, 0L, null, null, null, null, null,
                        null, null)).key());
        assertEquals("metrics.max_spans", assertThrows(InvalidConfigException.class,
                () -> new MetricsConfig(null, 0L)).key());
        assertEquals("ui.static_files", assertThrows(InvalidConfigException.class, () -> new UiConfig(" ")).key());
        assertEquals("allowed_hosts", assertThrows(InvalidConfigException.class,
                () -> new QueryConfig(null, null, null, null, null, null, null, List.of("a/b"), null, null, null, null,
                        null, null, null, null, null)).key());
    }

    @Test
    void storageNamesAnExporterIdWithName() {
        assertEquals("store/hot", QueryConfig.of(null, "store/hot", null, null, null).storage());
    }

    @Test
    void factoryIsFoundAsTheQueryExtension() {
        assertInstanceOf(QueryExtensionFactory.class,
                ComponentRegistry.loadInstalled().find(ComponentKind.EXTENSION, "query").orElseThrow());
    }
}
