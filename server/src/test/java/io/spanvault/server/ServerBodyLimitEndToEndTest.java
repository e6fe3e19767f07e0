package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code max_request_body_size} from the config, on the query API, health_check and self-metrics servers:
 * a body within it is served, a larger one is a 413 naming the key.
 */
class ServerBodyLimitEndToEndTest {
    private final InProcessServices services = new InProcessServices();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        services.close();
    }

    @Test
    void everyServerAnswers413PastItsConfiguredLimit() throws Exception {
        int query = InProcessServices.freePort();
        int health = InProcessServices.freePort();
        int metrics = InProcessServices.freePort();
        services.start("limits", """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                exporters:
                  store:
                    data_dir: %s
                extensions:
                  health_check:
                    endpoint: 127.0.0.1:%d
                    max_request_body_size: 100
                  query:
                    endpoint: 127.0.0.1:%d
                    max_request_body_size: 200
                service:
                  extensions: [health_check, query]
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [store]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:%d
                      max_request_body_size: 300
                """.formatted(dir.resolve("data"), health, query, metrics));
        assertLimit(health, "/", "GET", 100);
        assertLimit(metrics, "/metrics", "GET", 300);
        assertLimit(query, "/api/transform", "POST", 200);
    }

    private void assertLimit(int port, String path, String method, int limit) throws Exception {
        HttpResponse<String> within = send(port, path, method, limit);
        assertTrue(within.statusCode() != 413, path + " answered " + within.statusCode() + " within the limit");
        HttpResponse<String> over = send(port, path, method, limit + 1);
        assertEquals(413, over.statusCode(), over.body());
        assertTrue(over.body().contains("max_request_body_size (" + limit + " bytes)"), over.body());
    }

    private HttpResponse<String> send(int port, String path, String method, int bytes) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(new byte[bytes])).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
