package io.spanvault.pipeline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code max_request_body_size} on the health, self-metrics and scrape servers: 413 with a message. */
class PlainHttpServerBodyLimitTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> post(PlainHttpServer server, int bytes) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.endpoint().port() + "/"))
                .method("GET", HttpRequest.BodyPublishers.ofByteArray(new byte[bytes])).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static PlainHttpServer start(ServerLimits limits) throws Exception {
        return PlainHttpServer.start("test", new Endpoint("127.0.0.1", 0), limits,
                Map.of("/", request -> new PlainHttpServer.Response(200, "text/plain", "ok\n")));
    }

    @Test
    void aBodyOverTheConfiguredLimitIs413NamingTheKey() throws Exception {
        try (PlainHttpServer server = start(new ServerLimits(null, null, null, 100L))) {
            assertEquals(200, post(server, 100).statusCode());
            HttpResponse<String> tooLarge = post(server, 101);
            assertEquals(413, tooLarge.statusCode());
            assertTrue(tooLarge.body().contains("max_request_body_size (100 bytes)"), tooLarge.body());
        }
    }

    @Test
    void withoutTheKeyTheServerKeepsItsSmallDefault() throws Exception {
        try (PlainHttpServer server = start(ServerLimits.DEFAULT)) {
            assertEquals(200, post(server, PlainHttpServer.DEFAULT_MAX_REQUEST_BODY_BYTES).statusCode());
            assertEquals(413, post(server, PlainHttpServer.DEFAULT_MAX_REQUEST_BODY_BYTES + 1).statusCode());
        }
    }

    @Test
    void aLimitOutOfRangeIsAConfigErrorNamingTheKey() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new ServerLimits(null, null, null, 0L));
        assertEquals("max_request_body_size", e.key());
    }
}
