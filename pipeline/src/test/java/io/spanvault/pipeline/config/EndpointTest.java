package io.spanvault.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EndpointTest {

    @Test
    void parsesHostAndPort() {
        assertEquals(new Endpoint("127.0.0.1", 4317), Endpoint.parse("127.0.0.1:4317"));
        assertEquals(new Endpoint("::1", 4318), Endpoint.parse("[::1]:4318"));
        assertEquals(new Endpoint("0.0.0.0", 16686), Endpoint.parse(":16686"));
        assertEquals("[::1]:4318", Endpoint.parse("[::1]:4318").toString());
    }

    @Test
    void namesWhatIsWrong() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("localhost"))
                .getMessage().contains("host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("localhost:http"))
                .getMessage().contains("no numeric port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Endpoint.parse("localhost:70000"))
                .getMessage().contains("out of range"));
    }
}
