package io.spanvault.receiver.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.server.ServerLimits;
import org.junit.jupiter.api.Test;

class ZipkinReceiverConfigTest {

    @Test
    void defaultsAreTheCollectorsOnLoopback() {
        ZipkinReceiverFactory factory = new ZipkinReceiverFactory();
        ZipkinReceiverConfig config = factory.defaultConfig();

        assertEquals("zipkin", factory.type());
        assertEquals(new Endpoint("127.0.0.1", 9411), config.endpoint());
        assertFalse(config.parseStringTags());
        assertEquals(20L << 20, config.maxRequestBodySize());
        assertEquals(ServerLimits.DEFAULT, config.limits());
    }

    @Test
    void aBodyLimitOutOfRangeNamesItsKey() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> new ZipkinReceiverConfig(null, null, 0L, null, null, null, null, null, null, null, null,
                        null));
        assertEquals("max_request_body_size", e.key());
    }
}
