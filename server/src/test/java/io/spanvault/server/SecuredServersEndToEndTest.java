package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigSource;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.testkit.ServedCertificate;
import io.spanvault.pipeline.testkit.TestCertificates;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real service, in this JVM, configured as a user would: receivers, the query API, health_check and the
 * self-metrics behind bearertokenauth / basicauth, TLS and mTLS from the shared server settings, and
 * exporters that authenticate with the client side of the same extensions. Driven with grpc-java and the
 * JDK's HttpClient on loopback.
 */
class SecuredServersEndToEndTest {
    private static final String TOKEN = "first-token-0123456789";
    private static final String CORS_ORIGIN = "https://ui.example.com";

    @TempDir
    static Path dir;

    private static SpanvaultService service;
    private static TestCertificates certs;
    private static TestCertificates rotated;
    private static Path tokenFile;
    private static ServedCertificate served;
    private static int grpc;
    private static int http;
    private static int relay;
    private static int query;
    private static int queryBasic;
    private static int health;
    private static int metrics;
    private static int swappedGrpc;
    private static int swappedHttp;

    @BeforeAll
    static void start() throws Exception {
        certs = TestCertificates.generate(Files.createDirectories(dir.resolve("certs")));
        rotated = TestCertificates.generate(Files.createDirectories(dir.resolve("rotated")));
        served = ServedCertificate.copyOf(certs, dir.resolve("served"));
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        String bcrypt = BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(4, "s3cret".toCharArray());
        Path htpasswd = Files.writeString(dir.resolve("htpasswd"), "# users\nalice:" + bcrypt + "\n");
        int[] ports = freePorts(9);
        swappedGrpc = ports[7];
        swappedHttp = ports[8];
        grpc = ports[0];
        http = ports[1];
        relay = ports[2];
        query = ports[3];
        queryBasic = ports[4];
        health = ports[5];
        metrics = ports[6];
        String cors = """
                cors:
                  allowed_origins: ["https://*.EXAMPLE.com"]
                  allowed_headers: [X-Tenant]
                  max_age: 7200
                """;
        String yaml = """
                extensions:
                  bearertokenauth/ingest:
                    filename: %1$s
                  bearertokenauth/relay:
                    filename: %1$s
                  basicauth/users:
                    htpasswd:
                      file: %2$s
                      inline: |
                        bob:plain-pass
                  basicauth/relay:
                    client_auth:
                      username: alice
                      password: s3cret
                  query:
                    endpoint: 127.0.0.1:%3$d
                    auth:
                      authenticator: bearertokenauth/ingest
                %10$s
                  query/basic:
                    endpoint: 127.0.0.1:%4$d
                    auth:
                      authenticator: basicauth/users
                    tls:
                      cert_file: %7$s
                      key_file: %8$s
                  health_check:
                    endpoint: 127.0.0.1:%5$d
                    auth:
                      authenticator: basicauth/users
                    tls:
                      cert_file: %7$s
                      key_file: %8$s
                      reload_interval: 100ms
                %10$s
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%11$d
                        auth:
                          authenticator: bearertokenauth/ingest
                      http:
                        endpoint: 127.0.0.1:%12$d
                        auth:
                          authenticator: basicauth/users
                %14$s
                  otlp/relay:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%13$d
                  otlp/swapped:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%17$d
                        auth:
                          authenticator: basicauth/users
                      http:
                        endpoint: 127.0.0.1:%18$d
                        auth:
                          authenticator: bearertokenauth/ingest
                exporters:
                  store:
                    data_dir: %9$s
                  otlp_grpc/relay:
                    endpoint: http://127.0.0.1:%11$d
                    auth:
                      authenticator: bearertokenauth/relay
                  otlphttp/relay:
                    endpoint: http://127.0.0.1:%12$d
                    auth:
                      authenticator: basicauth/relay
                service:
                  extensions: [bearertokenauth/ingest, bearertokenauth/relay, basicauth/users, basicauth/relay,
                               query, query/basic, health_check]
                  pipelines:
                    traces:
                      receivers: [otlp, otlp/swapped]
                      exporters: [store]
                    traces/relay:
                      receivers: [otlp/relay]
                      exporters: [otlp_grpc/relay, otlphttp/relay]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:%6$d
                      tls:
                        cert_file: %7$s
                        key_file: %8$s
                        client_ca_file: %15$s
                %16$s
                """.formatted(tokenFile, htpasswd, query, queryBasic, health, metrics, served.cert, served.key,
                dir.resolve("data"), cors.indent(4), grpc, http, relay, cors.indent(8), certs.clientCert,
                cors.indent(6), swappedGrpc, swappedHttp);
        ComponentRegistry registry = ComponentRegistry.loadInstalled();
        try {
            service = SpanvaultService.create(new ConfigLoader(registry, name -> null)
                    .load(List.of(new ConfigSource("secured.yaml", yaml))), registry);
        } catch (io.spanvault.config.ConfigException e) {
            throw new AssertionError(e.problems() + "\n" + yaml, e);
        }
        service.start();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.stop(Duration.ofSeconds(10));
        }
    }

    // ---- OTLP/gRPC with bearertokenauth ----

    @Test
    void grpcRefusesMissingAndWrongTokensAndNeverStoresTheirSpans() throws Exception {
        ExportTraceServiceRequest none = recent("grpc-none", 1, 101);
        ExportTraceServiceRequest wrong = recent("grpc-wrong", 1, 102);
        ExportTraceServiceRequest right = recent("grpc-right", 1, 103);
        assertEquals(Status.Code.UNAUTHENTICATED, grpcExport(grpc, none, null).getCode());
        assertEquals(Status.Code.UNAUTHENTICATED, grpcExport(grpc, wrong, "Bearer not-the-token").getCode());
        assertEquals(Status.Code.OK, grpcExport(grpc, right, "Bearer " + TOKEN).getCode());

        awaitStored(right);
        assertEquals(404, queryTrace(none).statusCode());
        assertEquals(404, queryTrace(wrong).statusCode());
    }

    // ---- OTLP/HTTP with basicauth ----

    @Test
    void httpRefusesMissingAndWrongPasswordsWith401AndTakesBcryptAndInlineUsers() throws Exception {
        ExportTraceServiceRequest none = recent("http-none", 1, 201);
        ExportTraceServiceRequest wrong = recent("http-wrong", 1, 202);
        ExportTraceServiceRequest bcryptUser = recent("http-alice", 1, 203);
        ExportTraceServiceRequest inlineUser = recent("http-bob", 1, 204);
        HttpResponse<byte[]> refused = httpExport(none, null);
        assertEquals(401, refused.statusCode());
        assertEquals("Basic realm=\"spanvault\", charset=\"UTF-8\"",
                refused.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(401, httpExport(wrong, basic("alice", "guess")).statusCode());
        assertEquals(200, httpExport(bcryptUser, basic("alice", "s3cret")).statusCode());
        assertEquals(200, httpExport(inlineUser, basic("bob", "plain-pass")).statusCode());

        awaitStored(bcryptUser);
        awaitStored(inlineUser);
        assertEquals(404, queryTrace(none).statusCode());
        assertEquals(404, queryTrace(wrong).statusCode());
    }

    @Test
    void basicAuthOnGrpcAndBearerTokensOnHttpToo() throws Exception {
        ExportTraceServiceRequest wrongGrpc = recent("swapped-grpc-wrong", 1, 251);
        ExportTraceServiceRequest rightGrpc = recent("swapped-grpc-right", 1, 252);
        assertEquals(Status.Code.UNAUTHENTICATED, grpcExport(swappedGrpc, wrongGrpc, null).getCode());
        assertEquals(Status.Code.UNAUTHENTICATED, grpcExport(swappedGrpc, wrongGrpc, basic("alice", "no")).getCode());
        assertEquals(Status.Code.OK, grpcExport(swappedGrpc, rightGrpc, basic("alice", "s3cret")).getCode());

        ExportTraceServiceRequest wrongHttp = recent("swapped-http-wrong", 1, 253);
        ExportTraceServiceRequest rightHttp = recent("swapped-http-right", 1, 254);
        HttpResponse<byte[]> none = httpExport(swappedHttp, wrongHttp, null);
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"spanvault\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(401, httpExport(swappedHttp, wrongHttp, "Bearer wrong").statusCode());
        assertEquals(200, httpExport(swappedHttp, rightHttp, "Bearer " + TOKEN).statusCode());

        awaitStored(rightGrpc);
        awaitStored(rightHttp);
        assertEquals(404, queryTrace(wrongGrpc).statusCode());
        assertEquals(404, queryTrace(wrongHttp).statusCode());
    }

    // ---- a rotated token file ----

    @Test
    void aRotatedTokenFileTakesEffectOnEveryServerAndExporter() throws Exception {
        String next = "rotated-token-9876543210";
        try {
            Files.writeString(dir.resolve("token.next"), next);
            Files.move(dir.resolve("token.next"), tokenFile, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            ExportTraceServiceRequest probe = recent("rotation", 1, 301);
            awaitTrue(() -> grpcExport(grpc, probe, "Bearer " + next).getCode() == Status.Code.OK);
            assertEquals(Status.Code.UNAUTHENTICATED, grpcExport(grpc, probe, "Bearer " + TOKEN).getCode());
            awaitTrue(() -> queryGet(query, "/api/services", Map.of("Authorization", "Bearer " + next))
                    .statusCode() == 200);
            assertEquals(401, queryGet(query, "/api/services", Map.of("Authorization", "Bearer " + TOKEN))
                    .statusCode());

            // the relay's otlp_grpc exporter reads the same file for its client side
            ExportTraceServiceRequest relayed = recent("rotation-relayed", 1, 302);
            assertEquals(Status.Code.OK, grpcExport(relay, relayed, null).getCode());
            awaitStored(relayed, next);
        } finally {
            Files.writeString(tokenFile, TOKEN);
            awaitTrue(() -> grpcExport(grpc, recent("restore", 1, 303), "Bearer " + TOKEN).getCode()
                    == Status.Code.OK);
        }
    }

    // ---- exporters with the client side ----

    @Test
    void exportersAuthenticateWithTheClientSideOfBothExtensions() throws Exception {
        ExportTraceServiceRequest relayed = recent("relayed", 2, 401);
        assertEquals(Status.Code.OK, grpcExport(relay, relayed, null).getCode());
        // otlp_grpc/relay (bearer) and otlphttp/relay (basic) both deliver: the trace arrives, stored twice over
        awaitStored(relayed);
    }

    // ---- the query API and UI ----

    @Test
    void theQueryApiAndUiAnswer401WithAChallengeAndTakeAHeaderOrTheUiCookie() throws Exception {
        HttpResponse<String> bare = queryGet(query, "/api/services", Map.of());
        assertEquals(401, bare.statusCode());
        assertEquals("Bearer realm=\"spanvault\"", bare.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(401, queryGet(query, "/api/services", Map.of("Authorization", "Bearer nope")).statusCode());
        assertEquals(200, queryGet(query, "/api/services", Map.of("Authorization", "Bearer " + TOKEN)).statusCode());

        HttpResponse<String> page = queryGet(query, "/", Map.of("Accept", "text/html"));
        assertEquals(401, page.statusCode());
        assertTrue(page.body().contains("<form id=\"login\">"), page.body());
        String cookie = "spanvault_authorization=" + ("Bearer%20" + TOKEN);
        HttpResponse<String> ui = queryGet(query, "/", Map.of("Accept", "text/html", "Cookie", cookie));
        assertEquals(200, ui.statusCode());
        assertFalse(ui.body().contains("<form id=\"login\">"));
    }

    @Test
    void aBasicAuthQueryApiOverTlsMakesTheBrowserAsk() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certs.serverCert, null, null)).build();
        URI services = URI.create("https://127.0.0.1:" + queryBasic + "/api/services");
        HttpResponse<String> bare = client.send(HttpRequest.newBuilder(services).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, bare.statusCode());
        assertTrue(bare.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Basic realm="));
        assertEquals(200, client.send(HttpRequest.newBuilder(services).header("Authorization", basic("alice",
                "s3cret")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + queryBasic + "/api/services")).build(),
                HttpResponse.BodyHandlers.ofString()), "no plain HTTP on a TLS port");
    }

    // ---- health and metrics servers: TLS, reload, mTLS ----

    @Test
    void healthCheckServesTlsWithBasicAuthAndPicksUpARotatedCertificate() throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + health + "/");
        HttpClient first = HttpClient.newBuilder().sslContext(trusting(certs.serverCert, null, null)).build();
        assertEquals(401, first.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        assertEquals(200, first.send(HttpRequest.newBuilder(uri).header("Authorization", basic("alice", "s3cret"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode());

        HttpClient second = HttpClient.newBuilder().sslContext(trusting(rotated.serverCert, null, null)).build();
        assertThrows(SSLHandshakeException.class, () -> second.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()));
        try {
            served.rotateTo(rotated);
            ServedCertificate.awaitTrue(() -> {
                try {
                    return HttpClient.newBuilder().sslContext(trusting(rotated.serverCert, null, null)).build()
                            .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 401;
                } catch (Exception e) {
                    return false;
                }
            }, "the rotated certificate served");
            assertThrows(SSLHandshakeException.class, () -> HttpClient.newBuilder()
                    .sslContext(trusting(certs.serverCert, null, null)).build()
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
        } finally {
            served.restore();
            // the other tests trust the first certificate: wait until the health server reloaded it again
            X509Certificate original = ServedCertificate.certificate(certs.serverCert);
            ServedCertificate.awaitTrue(() -> {
                try {
                    return original.equals(ServedCertificate.presentedBy(health));
                } catch (Exception e) {
                    return false;
                }
            }, "the first certificate served again");
        }
    }

    @Test
    void selfMetricsNeedAClientCertificateSignedByTheClientCa() throws Exception {
        URI uri = URI.create("https://127.0.0.1:" + metrics + "/metrics");
        HttpClient trusted = HttpClient.newBuilder()
                .sslContext(trusting(certs.serverCert, certs.clientCert, certs.clientKey)).build();
        HttpResponse<String> scraped = trusted.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, scraped.statusCode());
        assertTrue(scraped.body().contains("otelcol_receiver_accepted_spans") || scraped.body().contains("# TYPE"));

        for (SSLContext refused : new SSLContext[] {trusting(certs.serverCert, null, null),
                trusting(certs.serverCert, certs.strangerCert, certs.strangerKey)}) {
            assertThrows(IOException.class, () -> HttpClient.newBuilder().sslContext(refused).build()
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
        }
    }

    // ---- CORS ----

    @Test
    void corsAnswersAlikeOnEveryServerWithoutCredentials() throws Exception {
        HttpClient plain = HttpClient.newHttpClient();
        HttpClient tls = HttpClient.newBuilder()
                .sslContext(trusting(certs.serverCert, certs.clientCert, certs.clientKey)).build();
        Map<String, HttpResponse<String>> answers = Map.of(
                "otlp/http", preflight(plain, "http://127.0.0.1:" + http + "/v1/traces"),
                "query", preflight(plain, "http://127.0.0.1:" + query + "/api/services"),
                "health_check", preflight(tls, "https://127.0.0.1:" + health + "/"),
                "metrics", preflight(tls, "https://127.0.0.1:" + metrics + "/metrics"));
        for (var answer : answers.entrySet()) {
            HttpResponse<String> response = answer.getValue();
            String server = answer.getKey();
            assertEquals(204, response.statusCode(), server);
            assertEquals(CORS_ORIGIN, response.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                    server);
            assertEquals("POST", response.headers().firstValue("Access-Control-Allow-Methods").orElse(null), server);
            assertEquals("x-tenant", response.headers().firstValue("Access-Control-Allow-Headers").orElse(null),
                    server);
            assertEquals("7200", response.headers().firstValue("Access-Control-Max-Age").orElse(null), server);
            assertEquals("true", response.headers().firstValue("Access-Control-Allow-Credentials").orElse(null),
                    server);
        }
        HttpResponse<String> refusedOrigin = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + query + "/api/services")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.test").header("Access-Control-Request-Method", "GET").build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(refusedOrigin.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        HttpResponse<String> unauthorized = queryGet(query, "/api/services", Map.of("Origin", CORS_ORIGIN));
        assertEquals(401, unauthorized.statusCode());
        assertEquals(CORS_ORIGIN, unauthorized.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                "a browser page can read the 401");
    }

    // ---- helpers ----

    /** {@link TestTraces#request(String, int, long)} with spans starting now, inside the store's retention. */
    private static ExportTraceServiceRequest recent(String service, int spans, long seed) {
        ExportTraceServiceRequest.Builder request = TestTraces.request(service, spans, seed).toBuilder();
        long now = System.currentTimeMillis() * 1_000_000L;
        var scope = request.getResourceSpansBuilder(0).getScopeSpansBuilder(0);
        for (int i = 0; i < scope.getSpansCount(); i++) {
            scope.getSpansBuilder(i).setStartTimeUnixNano(now + i * 1000L).setEndTimeUnixNano(now + i * 1000L + 500_000L);
        }
        return request.build();
    }

    private static HttpResponse<String> preflight(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).method("OPTIONS",
                HttpRequest.BodyPublishers.noBody()).header("Origin", CORS_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-tenant").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Status grpcExport(int port, ExportTraceServiceRequest request, String authorization) {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", port,
                InsecureChannelCredentials.create()).build();
        try {
            TraceServiceGrpc.TraceServiceBlockingStub stub = TraceServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS);
            if (authorization != null) {
                Metadata headers = new Metadata();
                headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
                stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
            }
            stub.export(request);
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    private static HttpResponse<byte[]> httpExport(ExportTraceServiceRequest request, String authorization)
            throws Exception {
        return httpExport(http, request, authorization);
    }

    private static HttpResponse<byte[]> httpExport(int port, ExportTraceServiceRequest request, String authorization)
            throws Exception {
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray()));
        if (authorization != null) {
            post.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<String> queryGet(int port, String path, Map<String, String> headers) {
        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        headers.forEach(get::header);
        try {
            return HttpClient.newHttpClient().send(get.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> queryTrace(ExportTraceServiceRequest request) {
        return queryTrace(request, TOKEN);
    }

    private static HttpResponse<String> queryTrace(ExportTraceServiceRequest request, String token) {
        String traceId = java.util.HexFormat.of().formatHex(request.getResourceSpans(0).getScopeSpans(0).getSpans(0)
                .getTraceId().toByteArray());
        return queryGet(query, "/api/traces/" + traceId, Map.of("Authorization", "Bearer " + token));
    }

    private static void awaitStored(ExportTraceServiceRequest request) throws InterruptedException {
        awaitStored(request, TOKEN);
    }

    private static void awaitStored(ExportTraceServiceRequest request, String token) throws InterruptedException {
        awaitTrue(() -> queryTrace(request, token).statusCode() == 200);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(100);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A client context trusting {@code ca}, presenting {@code cert}/{@code key} when given. */
    static SSLContext trusting(Path ca, Path cert, Path key) throws Exception {
        return ServedCertificate.clientTls(ca, cert, key);
    }

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                ports[i] = sockets[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }
}
