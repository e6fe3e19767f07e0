package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpReceiverConfigTest {

    @Test
    void sectionsPresentButEmptyGetTheDocumentedDefaults() {
        GrpcServerConfig grpc = new GrpcServerConfig(null, null, null);
        HttpServerConfig http = new HttpServerConfig(null, null, null, null, null, null, null);

        assertEquals(new Endpoint("127.0.0.1", 4317), grpc.endpoint());
        assertEquals(4 << 20, grpc.maxRecvMsgSizeBytes());
        assertEquals(new Endpoint("127.0.0.1", 4318), http.endpoint());
        assertEquals(20L << 20, http.maxRequestBodySize());
        assertEquals(List.of("/v1/traces", "/v1/metrics", "/v1/logs"),
                List.of(http.tracesUrlPath(), http.metricsUrlPath(), http.logsUrlPath()));
        assertNull(http.cors());
    }

    @Test
    void theDefaultConfigEnablesNoProtocolAndTheReceiverRefusesIt() {
        OtlpReceiverFactory factory = new OtlpReceiverFactory();
        OtlpReceiverConfig config = factory.defaultConfig();
        assertEquals("otlp", factory.type());
        assertNull(config.protocols().grpc());
        assertNull(config.protocols().http());

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> factory.create(
                new ComponentContext(ComponentKind.RECEIVER, ComponentId.parse("otlp"), new Telemetry()), config,
                new ReceiverConsumers(Map.of())));
        assertEquals("protocols", e.key());
    }

    @Test
    void urlPathsGetALeadingSlashAndMustDiffer() {
        HttpServerConfig http = new HttpServerConfig(null, null, null, null, "otlp/traces", null, null);
        assertEquals("/otlp/traces", http.tracesUrlPath());

        InvalidConfigException same = assertThrows(InvalidConfigException.class,
                () -> new HttpServerConfig(null, null, null, null, "/v1/logs", null, null));
        assertEquals("traces_url_path", same.key());
        assertEquals("logs_url_path", assertThrows(InvalidConfigException.class,
                () -> new HttpServerConfig(null, null, null, null, null, null, "/v1/logs?x=1")).key());
    }

    @Test
    void sizesAreValidatedWithTheirYamlKeys() {
        assertEquals("max_recv_msg_size_mib", assertThrows(InvalidConfigException.class,
                () -> new GrpcServerConfig(null, 0, null)).key());
        assertEquals("max_recv_msg_size_mib", assertThrows(InvalidConfigException.class,
                () -> new GrpcServerConfig(null, 4096, null)).key());
        assertEquals("max_request_body_size", assertThrows(InvalidConfigException.class,
                () -> new HttpServerConfig(null, -1L, null, null, null, null, null)).key());
    }
}
