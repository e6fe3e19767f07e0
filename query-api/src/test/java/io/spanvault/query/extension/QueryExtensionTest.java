package io.spanvault.query.extension;

import static io.spanvault.query.QueryServerFixture.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.query.QueryServerFixture;
import io.spanvault.query.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryExtensionTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path ui;

    private static QueryExtension extension(QueryConfig config) {
        return new QueryExtension(new ComponentContext(ComponentKind.EXTENSION, new ComponentId("query", ""),
                new Telemetry()), config, Clock.systemUTC());
    }

    @Test
    void startFailsClearlyWithoutTheBackendItNames() {
        Host empty = new Host() {
            @Override
            public <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type) {
                return Optional.empty();
            }
        };
        QueryExtension query = extension(QueryConfig.of(new Endpoint("127.0.0.1", 0), "store/hot", null, null, null));

        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> query.start(empty));
        assertEquals("storage: no storage backend 'store/hot'; define one under extensions.storage.backends (and"
                + " list 'storage' under service.extensions), or a 'store' exporter with a data_dir", e.getMessage());
        assertThrows(IllegalStateException.class, query::port);
    }

    @Test
    void uiDirectoryWithoutIndexFailsStart() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new QueryServerFixture(dataDir,
                TestData.NOW, QueryConfig.of(new Endpoint("127.0.0.1", 0), null, null,
                        new UiConfig(ui.toString()), null)));
        assertEquals("ui.static_files", e.key());
        assertTrue(e.problem().endsWith("is not a directory holding index.html"), e.problem());
    }

    @Test
    void servesTheSpaAndTheApiUnderTheBasePath() throws Exception {
        Files.writeString(ui.resolve("index.html"), "<html><head><base href=\"/\"></head></html>");
        Files.writeString(ui.resolve("app.js"), "app()");
        QueryConfig config = QueryConfig.of(new Endpoint("127.0.0.1", 0), null, "/jaeger/",
                new UiConfig(ui.toString()), new CorsConfig(List.of("*"), List.of(), null));
        try (QueryServerFixture server = new QueryServerFixture(dataDir, TestData.NOW, config, TestData.traces())) {
            assertTrue(server.extension.port() > 0);
            assertEquals(JSON.readTree("[\"backend\",\"frontend\"]"), server.get("/jaeger/api/services").json()
                    .path("data"));
            assertEquals(404, server.get("/jaeger/api/unknown").status());
            assertEquals(404, server.get("/jaeger/api/unknown").json().at("/errors/0/code").asInt());

            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.extension.port();
            for (String route : List.of("/jaeger/", "/jaeger/search", "/jaeger/trace/" + TestData.T1)) {
                HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + route)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode(), route);
                assertEquals("<html><head><base href=\"/jaeger/\"></head></html>", page.body(), route);
            }
            assertEquals("app()", client.send(HttpRequest.newBuilder(URI.create(base + "/jaeger/app.js")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            HttpResponse<String> cors = client.send(HttpRequest.newBuilder(URI.create(base + "/jaeger/api/services"))
                    .header("Origin", "http://grafana.local").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("*", cors.headers().firstValue("access-control-allow-origin").orElseThrow());
        }
    }
}
