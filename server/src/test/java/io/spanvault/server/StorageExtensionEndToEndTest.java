package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spanvault.config.ConfigException;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigProblem;
import io.spanvault.config.ConfigSource;
import io.spanvault.config.ServiceConfig;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.query.extension.QueryExtension;
import io.spanvault.receiver.otlp.OtlpReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage extension as a user configures it: named backends bound from YAML with every problem named by
 * its key, a graph that opens no file until it starts, and a running service whose store exporter writes the
 * backend it names and whose query extension reads it back over HTTP.
 */
class StorageExtensionEndToEndTest {
    private static final ComponentRegistry REGISTRY = ComponentRegistry.loadInstalled();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String yaml(String exporter, String backends) {
        return """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                exporters:
                  store:
                %s
                extensions:
                  storage:
                    backends:
                %s
                  query:
                    endpoint: 127.0.0.1:0
                    storage: main
                service:
                  extensions: [storage, query]
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [store]
                  telemetry:
                    metrics:
                      level: none
                """.formatted(exporter.indent(4).stripTrailing(), backends.indent(6).stripTrailing());
    }

    private static ServiceConfig load(String yaml) throws ConfigException {
        return new ConfigLoader(REGISTRY, name -> null).load(List.of(new ConfigSource("c.yaml", yaml)));
    }

    private static List<String> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void theStoreExporterWritesTheNamedBackendAndTheQueryExtensionReadsIt() throws Exception {
        Path archive = dir.resolve("archive");
        ServiceConfig config = load(yaml("backend: main", """
                main:
                  memory:
                    max_spans: 1000
                archive:
                  chronicle:
                    data_dir: %s
                """.formatted(archive)));
        SpanvaultService service = SpanvaultService.create(config, REGISTRY);
        assertFalse(Files.exists(archive), "building the graph opens no backend");
        service.start();
        try {
            assertFalse(Files.exists(archive), "a backend nobody asks for stays closed");
            int otlp = service.graph().component(ComponentKind.RECEIVER, ComponentId.parse("otlp"), OtlpReceiver.class)
                    .orElseThrow().httpPort();
            int query = service.graph().component(ComponentKind.EXTENSION, ComponentId.parse("query"),
                    QueryExtension.class).orElseThrow().port();
            HttpClient client = HttpClient.newHttpClient();
            long start = Instant.now().minusSeconds(5).toEpochMilli() * 1_000_000;
            String body = """
                    {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                    "scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331",
                    "name":"checkout","kind":2,"startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}
                    """.formatted(start, start + 1_000_000);
            HttpResponse<String> sent = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlp
                    + "/v1/traces")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, sent.statusCode(), sent.body());

            HttpResponse<String> found = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + query
                    + "/api/traces?service=shop")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode traces = JSON.readTree(found.body()).get("data");
            assertEquals(1, traces.size(), found.body());
            assertEquals("0af7651916cd43dd8448eb211c80319c", traces.get(0).get("traceID").asText());
        } finally {
            assertTrue(service.stop(Duration.ofSeconds(10)));
        }
    }

    @Test
    void badBackendsAreNamedByTheirKey() {
        assertEquals(List.of("error: c.yaml: extensions.storage.backends.main: unknown storage backend type"
                + " 'nosuch' (known: cassandra, chronicle, memory)"), problems(yaml("backend: main", """
                main:
                  nosuch: {}
                """)));
        assertEquals(List.of("error: c.yaml: extensions.storage.backends.main.chronicle.retention: must be at least"
                + " 1m, got PT5S"), problems(yaml("backend: main", """
                main:
                  chronicle:
                    retention: 5s
                """)));
        assertEquals(List.of("error: c.yaml: extensions.storage.backends.main.memory.max_span: unknown key"
                + " 'max_span' (known: max_bytes, max_spans)"), problems(yaml("backend: main", """
                main:
                  memory:
                    max_span: 5
                """)));
        assertEquals(List.of("error: c.yaml: exporters.store.data_dir: is a key of the store's own backend; with"
                + " 'backend: main' set it on that backend under extensions.storage.backends"),
                problems(yaml("backend: main\ndata_dir: ./x", """
                main:
                  memory:
                """)));
    }

    @Test
    void anExporterNamingNoBackendFailsTheStartNamingTheKnownOnes() throws Exception {
        ServiceConfig config = load(yaml("backend: main", """
                other:
                  memory:
                """).replace("storage: main", "storage: other"));
        SpanvaultService service = SpanvaultService.create(config, REGISTRY);
        Exception e = assertThrows(Exception.class, service::start);
        assertTrue(e.getMessage().contains("no storage backend 'main'; known: other"), e.getMessage());
    }
}
