package io.spanvault.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.config.Endpoint;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.spanvault.pipeline.cors.CorsConfig;
import io.spanvault.pipeline.cors.CorsPolicy;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.server.ServerSecurity;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueryHttpServerTest {
    private static final String INDEX = "<html><head><base href=\"/\" /></head><body>spa</body></html>";
    private final HttpClient client = HttpClient.newHttpClient();
    private QueryHttpServer server;
    private int port;

    @TempDir
    Path ui;

    private void start(String basePath, CorsConfig cors, RouteHandler fallback) throws Exception {
        server = new QueryHttpServer(new Router(fallback), basePath, new ServerSecurity(null, CorsPolicy.of(cors), null),
                HostAllowList.any(), ServerLimits.DEFAULT);
        port = server.start(new Endpoint("127.0.0.1", 0)).getPort();
    }

    private void startSpa(String basePath) throws Exception {
        Files.writeString(ui.resolve("index.html"), INDEX);
        Files.createDirectories(ui.resolve("static"));
        Files.writeString(ui.resolve("static/app.js"), "console.log('spa');");
        Files.writeString(ui.resolve("favicon.ico"), "icon");
        start(basePath, new CorsConfig(List.of(), List.of(), null), new StaticSite(ui, basePath));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)));
    }

    private static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void spaServesFilesAndFallsBackToIndexForAppRoutes() throws Exception {
        startSpa("");

        HttpResponse<byte[]> js = get("/static/app.js");
        assertEquals(200, js.statusCode());
        assertEquals("console.log('spa');", body(js));
        assertEquals("text/javascript; charset=utf-8", js.headers().firstValue("content-type").orElseThrow());
        assertEquals("image/x-icon", get("/favicon.ico").headers().firstValue("content-type").orElseThrow());
        for (String route : List.of("/", "/search", "/trace/83a9efd15c1c98a9", "/static/missing.js")) {
            HttpResponse<byte[]> page = get(route);
            assertEquals(200, page.statusCode(), route);
            assertEquals(INDEX, body(page), route);
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        }
    }

    @Test
    void spaNeverServesFilesOutsideItsDirectory() throws Exception {
        Files.writeString(ui.getParent().resolve("secret.txt"), "secret");
        startSpa("");

        assertEquals(404, get("/..%2Fsecret.txt").statusCode());
        assertEquals(404, get("/static/..%2F..%2Fsecret.txt").statusCode());
        assertEquals(404, get("/static/%2E%2E%2F%2E%2E%2Fsecret.txt").statusCode());
    }

    @Test
    void spaRefusesSymlinksThatLeaveItsDirectory() throws Exception {
        Path outside = Files.createDirectories(ui.getParent().resolve("outside-" + ui.getFileName()));
        Files.writeString(outside.resolve("secret.txt"), "classified content");
        startSpa("");
        Files.createSymbolicLink(ui.resolve("static/link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(ui.resolve("linked-dir"), outside);
        Files.createSymbolicLink(ui.resolve("static/inside.js"), ui.resolve("static/app.js"));

        for (String path : List.of("/static/link.txt", "/linked-dir/secret.txt")) {
            HttpResponse<byte[]> refused = get(path);
            assertEquals(404, refused.statusCode(), path);
            assertFalse(body(refused).contains("classified"), path);
        }
        assertEquals("console.log('spa');", body(get("/static/inside.js")));
    }

    @Test
    void malformedEscapesAnswer400WithAPlainMessage() throws Exception {
        startSpa("");
        server.close();
        Router router = new Router(new StaticSite(ui, ""));
        router.get("/api/traces/{traceID}", request -> ApiResponse.text(
                io.netty.handler.codec.http.HttpResponseStatus.OK, "text/plain", request.pathParameter("traceID")));
        server = new QueryHttpServer(router, "");
        port = server.start(new Endpoint("127.0.0.1", 0)).getPort();

        for (String target : List.of("/api/traces?service=%zz", "/api/traces?service=%", "/api/traces?%zz=1",
                "/api/traces/%zz", "/api/traces/abc%", "/static/%zz", "/static/%", "/static/%00", "/%00",
                "/api/traces/%00", "/static/app.js%")) {
            RawResponse response = RawResponse.get(port, target);
            assertEquals(400, response.status(), target);
            assertTrue(response.body().startsWith("malformed percent-escape in the URL")
                    || response.body().startsWith("the URL path has a NUL character"), target + ": " + response.body());
            assertFalse(response.body().contains("Exception") || response.body().contains("java."), response.body());
        }
        assertEquals(200, RawResponse.get(port, "/api/traces/a%2Fb").status());
    }

    @Test
    void aLoopbackServerAnswersOnlyLoopbackHostNames() throws Exception {
        Files.writeString(ui.resolve("index.html"), INDEX);
        server = new QueryHttpServer(new Router(new StaticSite(ui, "")), "", ServerSecurity.NONE,
                HostAllowList.of(null, "127.0.0.1"), ServerLimits.DEFAULT);
        port = server.start(new Endpoint("127.0.0.1", 0)).getPort();

        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "app.localhost")) {
            assertEquals(200, RawResponse.get(port, "/", host).status(), host);
        }
        RawResponse rebound = RawResponse.get(port, "/", "attacker.example:" + port);
        assertEquals(403, rebound.status());
        assertEquals("host 'attacker.example' is not allowed: list it under the query extension's allowed_hosts\n",
                rebound.body());
    }

    @Test
    void hostAllowListsFollowTheBindAddressUnlessConfigured() {
        assertTrue(HostAllowList.of(null, "0.0.0.0").allows("anything.example"));
        assertFalse(HostAllowList.of(null, "::1").allows("anything.example"));
        assertFalse(HostAllowList.of(null, "localhost").allows("anything.example:80"));
        assertTrue(HostAllowList.of(List.of("Traces.Example.com"), "127.0.0.1").allows("traces.example.com:443"));
        assertFalse(HostAllowList.of(List.of("traces.example.com"), "0.0.0.0").allows("127.0.0.1"));
        assertTrue(HostAllowList.of(List.of("*"), "127.0.0.1").allows("x"));
        assertTrue(HostAllowList.of(null, "127.0.0.1").allows(null), "HTTP/1.0 without Host");
    }

    @Test
    void aFailingRouteAnswers500WithoutInternals() throws Exception {
        Files.writeString(ui.resolve("index.html"), INDEX);
        Router router = new Router(new StaticSite(ui, ""));
        router.get("/boom", request -> {
            throw new IllegalStateException("secret internal detail at /var/lib/spanvault");
        });
        server = new QueryHttpServer(router, "");
        port = server.start(new Endpoint("127.0.0.1", 0)).getPort();

        HttpResponse<byte[]> response = get("/boom");
        assertEquals(500, response.statusCode());
        assertFalse(body(response).contains("secret") || body(response).contains("Exception"), body(response));
    }

    @Test
    void basePathPrefixesEveryRouteAndRewritesTheBaseHref() throws Exception {
        startSpa("/jaeger");

        assertEquals("console.log('spa');", body(get("/jaeger/static/app.js")));
        String index = body(get("/jaeger/search"));
        assertEquals(INDEX.replace("<base href=\"/\"", "<base href=\"/jaeger/\""), index);
        assertEquals(200, get("/jaeger").statusCode());
        HttpResponse<byte[]> outside = get("/search");
        assertEquals(404, outside.statusCode());
        assertEquals("404 page not found: the API and UI are under /jaeger/\n", body(outside));
    }

    @Test
    void embeddedUiServesItsAssetsAndIndexForClientRoutes() throws Exception {
        start("/jaeger", new CorsConfig(List.of(), List.of(), null), new EmbeddedUi("/jaeger"));

        for (String route : List.of("/jaeger", "/jaeger/", "/jaeger/search", "/jaeger/trace/abc")) {
            HttpResponse<byte[]> page = get(route);
            assertEquals(200, page.statusCode(), route);
            assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow(), route);
            assertTrue(body(page).contains("<base href=\"/jaeger/\">"), route);
            assertTrue(body(page).contains("assets/js/app.js"), route);
        }
        HttpResponse<byte[]> script = get("/jaeger/assets/js/app.js");
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElseThrow());
        assertTrue(body(script).contains("import "));
        assertEquals("text/css; charset=utf-8", get("/jaeger/assets/app.css").headers().firstValue("content-type")
                .orElseThrow());
        assertEquals("image/svg+xml", get("/jaeger/assets/favicon.svg").headers().firstValue("content-type")
                .orElseThrow());
        for (String module : body(get("/jaeger/")).split("rel=\"modulepreload\" href=\"")) {
            if (module.startsWith("assets/")) {
                String path = "/jaeger/" + module.substring(0, module.indexOf('"'));
                assertEquals(200, get(path).statusCode(), path);
            }
        }
        for (String missing : List.of("/jaeger/assets/nope.js", "/jaeger/assets/../index.html",
                "/jaeger/assets/%2e%2e/index.html", "/jaeger/assets/js/")) {
            assertEquals(404, get(missing).statusCode(), missing);
        }
    }

    @Test
    void gzipWhenTheClientAcceptsIt() throws Exception {
        startSpa("");
        Files.writeString(ui.resolve("static/big.js"), "x".repeat(10_000));

        HttpResponse<byte[]> gzipped = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/static/big.js")).header("Accept-Encoding", "gzip"));
        assertEquals("gzip", gzipped.headers().firstValue("content-encoding").orElseThrow());
        assertTrue(gzipped.body().length < 1000);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.body()))) {
            assertEquals("x".repeat(10_000), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        HttpResponse<byte[]> plain = get("/static/big.js");
        assertFalse(plain.headers().firstValue("content-encoding").isPresent());
        assertEquals(10_000, plain.body().length);
    }

    @Test
    void onlyGetAndHeadAreAllowed() throws Exception {
        startSpa("");

        HttpResponse<byte[]> post = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/traces"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("allow").orElseThrow());
        HttpResponse<byte[]> put = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, put.statusCode());
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/static/app.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
    }

    @Test
    void corsAllowsConfiguredOriginsIncludingWildcardsAndAnswersPreflights() throws Exception {
        Files.writeString(ui.resolve("index.html"), INDEX);
        start("", new CorsConfig(List.of("https://*.example.com", "http://localhost:3000"), List.of("X-Tenant"), null),
                new StaticSite(ui, ""));

        HttpResponse<byte[]> allowed = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Origin", "https://ui.example.com"));
        assertEquals("https://ui.example.com",
                allowed.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("origin", allowed.headers().firstValue("vary").orElseThrow().toLowerCase());
        HttpResponse<byte[]> refused = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Origin", "https://evil.test"));
        assertFalse(refused.headers().firstValue("access-control-allow-origin").isPresent());

        HttpResponse<byte[]> preflight = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/services")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-tenant"));
        assertEquals(204, preflight.statusCode());
        assertEquals("http://localhost:3000",
                preflight.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("GET", preflight.headers().firstValue("access-control-allow-methods").orElseThrow());
        assertEquals("x-tenant", preflight.headers().firstValue("access-control-allow-headers").orElseThrow());

        HttpResponse<byte[]> badHeader = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/services")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "x-other"));
        assertFalse(badHeader.headers().firstValue("access-control-allow-origin").isPresent());
    }

    @Test
    void aTakenPortFailsStartNamingTheEndpoint() throws Exception {
        start("", new CorsConfig(List.of(), List.of(), null), new EmbeddedUi(""));
        QueryHttpServer second = new QueryHttpServer(new Router(new EmbeddedUi("")), "");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> second.start(new Endpoint("127.0.0.1", port)));
        assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port + ": "), e.getMessage());
        assertEquals(200, get("/").statusCode());
    }

    @Test
    void anyOriginIsAnsweredWithAStar() throws Exception {
        start("", new CorsConfig(List.of("*"), List.of(), null), new EmbeddedUi(""));

        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .header("Origin", "https://anything.test"));
        assertEquals("*", response.headers().firstValue("access-control-allow-origin").orElseThrow());
    }
}
