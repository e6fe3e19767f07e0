package io.spanvault.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.query.extension.QueryConfig;
import io.spanvault.query.extension.QueryExtension;
import io.spanvault.storage.backend.StandaloneHost;
import io.spanvault.storage.memory.MemoryStoreConfig;
import io.spanvault.storage.memory.MemoryTraceStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * An in-memory store (persistence is not what these tests are about), filled through its writer, served by a
 * started query extension on a loopback port, with a client for its JSON. The query extension finds it as the
 * service does: as the backend its {@code storage} key names, of a storage extension.
 */
public final class QueryServerFixture implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    public final MemoryTraceStore store;
    public final QueryExtension extension;
    private final HttpClient client = HttpClient.newHttpClient();

    /** The HTTP status and the parsed JSON body of a response. */
    public record Reply(int status, String contentType, JsonNode json) {
    }

    public QueryServerFixture(Path dataDir, Instant now, QueryConfig config, ExportTraceServiceRequest... batches)
            throws Exception {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        store = new MemoryTraceStore(MemoryStoreConfig.defaults());
        for (ExportTraceServiceRequest batch : batches) {
            store.write(batch);
        }
        Host host = StandaloneHost.of(config.storage(), store);
        extension = new QueryExtension(new ComponentContext(ComponentKind.EXTENSION, new ComponentId("query", ""),
                new Telemetry()), config, clock);
        try {
            extension.start(host);
        } catch (Exception e) {
            store.close();
            throw e;
        }
    }

    public static QueryConfig loopback(String basePath) {
        return QueryConfig.of(new Endpoint("127.0.0.1", 0), null, basePath, null, null);
    }

    public Reply get(String pathAndQuery) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + extension.port() + pathAndQuery)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                json(response.body()));
    }

    /** The body as JSON, or as one JSON string when it is plain text (a 404 or 405 from the HTTP layer). */
    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.TextNode.valueOf(body);
        }
    }

    /** POSTs {@code body} as JSON. */
    public Reply post(String path, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + extension.port() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.headers().firstValue("content-type").orElse(""),
                json(response.body()));
    }

    /** The JSON body of a GET that must answer 200 with {@code application/json}. */
    public JsonNode getOk(String pathAndQuery) throws Exception {
        Reply reply = get(pathAndQuery);
        assertEquals(200, reply.status(), () -> pathAndQuery + " → " + reply.json());
        assertEquals("application/json", reply.contentType(), pathAndQuery);
        return reply.json();
    }

    @Override
    public void close() {
        extension.close();
        store.close();
    }
}
