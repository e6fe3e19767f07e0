package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import zipkin2.Endpoint;
import zipkin2.reporter.AsyncReporter;
import zipkin2.reporter.Encoding;
import zipkin2.reporter.SpanBytesEncoder;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * The real server from YAML (zipkin receiver → store, query extension), fed by Brave's reporter and by the
 * OpenTelemetry SDK's Zipkin exporter; the spans come back through Zipkin's v2 API, Jaeger's v1 API and
 * api_v3 with the attributes the Collector's translation gives them; Zipkin Lens, served at {@code /zipkin/}, finds
 * and shows them in headless Chromium (screenshots under {@code target/screenshots}). The receiver's port
 * answers the v2 query API too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZipkinEndToEndTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private ServerProcess server;
    private final HttpClient http = HttpClient.newHttpClient();
    String zipkin;
    String query;

    @BeforeAll
    void start() throws Exception {
        Path config = Files.writeString(dir.resolve("zipkin.yaml"), """
                receivers:
                  zipkin:
                    endpoint: 127.0.0.1:0
                processors:
                  batch:
                    timeout: 10ms
                exporters:
                  store:
                    data_dir: %s
                extensions:
                  query:
                    endpoint: 127.0.0.1:0
                service:
                  extensions: [query]
                  pipelines:
                    traces:
                      receivers: [zipkin]
                      processors: [batch]
                      exporters: [store]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                """.formatted(dir.resolve("data")));
        server = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(), "run", "--config", config.toString());
        zipkin = "http://127.0.0.1:" + server.await(Pattern.compile("listens for Zipkin on [^ ]*:(\\d+)"), WAIT);
        query = "http://127.0.0.1:" + server.await(Pattern.compile("listening on http://[^:]+:(\\d+)"), WAIT);
        server.await(Pattern.compile("Everything is ready"), WAIT);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bravesReporterSpansComeBackThroughEveryApi() throws Exception {
        zipkin2.Span client = zipkin2.Span.newBuilder().traceId("7b3e2a1c9d8f6e5a").id("1111111111111111")
                .kind(zipkin2.Span.Kind.CLIENT).name("get /inventory").timestamp(now()).duration(4000)
                .localEndpoint(Endpoint.newBuilder().serviceName("shop-web").ip("10.1.2.3").port(8080).build())
                .remoteEndpoint(Endpoint.newBuilder().serviceName("inventory").ip("10.1.2.4").port(9000).build())
                .putTag("http.method", "GET").putTag("error", "true").addAnnotation(now(), "wire.send").build();
        zipkin2.Span server = client.toBuilder().kind(zipkin2.Span.Kind.SERVER).shared(true).clearTags()
                .localEndpoint(Endpoint.newBuilder().serviceName("inventory").build()).remoteEndpoint(null)
                .build();
        try (URLConnectionSender sender = URLConnectionSender.newBuilder().encoding(Encoding.PROTO3)
                .endpoint(zipkin + "/api/v2/spans").build();
                AsyncReporter<zipkin2.Span> reporter = AsyncReporter.builder(sender).build(SpanBytesEncoder.PROTO3)) {
            reporter.report(client);
            reporter.report(server);
            reporter.flush();
        }

        JsonNode trace = awaitTrace("7b3e2a1c9d8f6e5a", 2);
        JsonNode clientSpan = spanOfKind(trace, "CLIENT");
        assertEquals("7b3e2a1c9d8f6e5a", clientSpan.get("traceId").asText());
        assertEquals("shop-web", clientSpan.get("localEndpoint").get("serviceName").asText());
        assertEquals("10.1.2.3", clientSpan.get("localEndpoint").get("ipv4").asText());
        assertEquals("inventory", clientSpan.get("remoteEndpoint").get("serviceName").asText());
        assertEquals(9000, clientSpan.get("remoteEndpoint").get("port").asInt());
        assertEquals("true", clientSpan.get("tags").get("error").asText());
        assertEquals("wire.send", clientSpan.get("annotations").get(0).get("value").asText());
        assertEquals(4000, clientSpan.get("duration").asLong());
        assertTrue(spanOfKind(trace, "SERVER").get("shared").asBoolean(), trace.toString());
        assertTrue(clientSpan.get("shared") == null, clientSpan.toString());

        JsonNode jaeger = getJson(query + "/api/traces/7b3e2a1c9d8f6e5a").get("data").get(0);
        Map<String, String> tags = new HashMap<>();
        for (JsonNode span : jaeger.get("spans")) {
            if (span.get("operationName").asText().equals("get /inventory")) {
                span.get("tags").forEach(t -> tags.put(t.get("key").asText(), t.get("value").asText()));
            }
        }
        assertEquals("GET", tags.get("http.method"));
        assertEquals("inventory", tags.get("peer.service"));
        assertEquals("10.1.2.4", tags.get("net.peer.ip"));
        assertEquals("10.1.2.3", tags.get("net.host.ip"));
        assertEquals("8080", tags.get("net.host.port"));
        assertEquals("true", tags.get("error"));
        assertTrue(jaeger.get("processes").toString().contains("shop-web"), jaeger.toString());

        JsonNode v3 = getJson(query + "/api/v3/traces/00000000000000007b3e2a1c9d8f6e5a").get("result");
        List<String> services = v3.findValues("resource").stream().map(r -> r.get("attributes").get(0).get("value")
                .get("stringValue").asText()).sorted().toList();
        assertEquals(List.of("inventory", "shop-web"), services);
        assertTrue(v3.toString().contains("\"kind\":3"), v3.toString());
    }

    @Test
    void openTelemetrysZipkinExporterSpansComeBack() throws Exception {
        ZipkinSpanExporter exporter = ZipkinSpanExporter.builder().setEndpoint(zipkin + "/api/v2/spans").build();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "otel-checkout")))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        String traceId;
        try {
            Span span = provider.get("checkout-lib", "2.0.0").spanBuilder("place order").setSpanKind(SpanKind.SERVER)
                    .setAttribute("order.items", 3L).startSpan();
            span.setStatus(StatusCode.ERROR, "card declined");
            span.end();
            traceId = span.getSpanContext().getTraceId();
            assertTrue(provider.forceFlush().join(20, TimeUnit.SECONDS).isSuccess());
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        JsonNode span = awaitTrace(traceId, 1).get(0);
        assertEquals("SERVER", span.get("kind").asText());
        assertEquals("place order", span.get("name").asText());
        assertEquals("otel-checkout", span.get("localEndpoint").get("serviceName").asText());
        assertEquals("3", span.get("tags").get("order.items").asText());
        assertEquals("checkout-lib", span.get("tags").get("otel.scope.name").asText());
        assertEquals("ERROR", span.get("tags").get("otel.status_code").asText());
        // the SDK puts the description in the error tag, which the Collector's translation keeps as a tag
        assertEquals("card declined", span.get("tags").get("error").asText());

        JsonNode v3 = getJson(query + "/api/v3/traces/" + traceId).get("result").get("resourceSpans").get(0);
        JsonNode scopeSpans = v3.get("scopeSpans").get(0);
        assertEquals("checkout-lib", scopeSpans.get("scope").get("name").asText());
        assertEquals("2.0.0", scopeSpans.get("scope").get("version").asText());
        JsonNode otlp = scopeSpans.get("spans").get(0);
        assertEquals(2, otlp.get("status").get("code").asInt());
        JsonNode jaeger = getJson(query + "/api/traces/" + traceId).get("data").get(0).get("spans").get(0);
        assertTrue(jaeger.get("tags").toString().contains("\"key\":\"order.items\""), jaeger.toString());
    }

    /** As on a Zipkin server, the port that takes spans also answers the v2 query API and serves Lens. */
    @Test
    void theZipkinPortAnswersZipkinsQueryApiAndLens() throws Exception {
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(zipkin + "/api/v2/spans"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        [{"traceId":"0a0b0c0d0e0f0102","id":"0000000000000009","name":"one-port","kind":"SERVER",
                          "timestamp":%d,"duration":1500,"localEndpoint":{"serviceName":"port-9411-svc"}}]"""
                        .formatted(now()))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, posted.statusCode(), posted.body());
        awaitTrace("0a0b0c0d0e0f0102", 1);

        assertEquals(getJson(query + "/api/v2/trace/0a0b0c0d0e0f0102"),
                getJson(zipkin + "/api/v2/trace/0a0b0c0d0e0f0102"));
        assertTrue(getJson(zipkin + "/api/v2/services").toString().contains("\"port-9411-svc\""));
        assertEquals("[\"one-port\"]", getJson(zipkin + "/api/v2/spans?serviceName=port-9411-svc").toString());
        assertEquals(200, get(zipkin + "/zipkin/config.json").statusCode());

        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(zipkin + "/api/v2/services"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(400, get(zipkin + "/api/v2/traces?limit=-1").statusCode());
        assertEquals(404, get(zipkin + "/api/v2/trace/00000000000000ff").statusCode());
        // a POST to a query path is not ingest, and ingest's paths keep their own answers
        HttpResponse<String> wrongMethod = http.send(HttpRequest.newBuilder(URI.create(zipkin + "/api/v2/services"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, wrongMethod.statusCode(), wrongMethod.body());
    }

    @Test
    void lensSearchesAServiceAndOpensATraceInChromium() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: no Chromium at " + CHROMIUM + " or chromedriver at " + CHROMEDRIVER);
        try (URLConnectionSender sender = URLConnectionSender.create(zipkin + "/api/v2/spans");
                AsyncReporter<zipkin2.Span> reporter = AsyncReporter.create(sender)) {
            reporter.report(zipkin2.Span.newBuilder().traceId("5e5e5e5e5e5e5e5e").id("0000000000000001")
                    .kind(zipkin2.Span.Kind.SERVER).name("lens-root").timestamp(now()).duration(20_000)
                    .localEndpoint(Endpoint.newBuilder().serviceName("lens-svc").build()).build());
            reporter.report(zipkin2.Span.newBuilder().traceId("5e5e5e5e5e5e5e5e").id("0000000000000002")
                    .parentId("0000000000000001").name("lens-child").timestamp(now()).duration(5_000)
                    .localEndpoint(Endpoint.newBuilder().serviceName("lens-svc").build()).build());
            reporter.flush();
        }
        awaitTrace("5e5e5e5e5e5e5e5e", 2);

        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            browser.get(query + "/zipkin/?serviceName=lens-svc&lookback=1h");
            await(browser, wait, "lens-criteria.png", d -> d.getPageSource().contains("RUN QUERY")
                    || d.getPageSource().contains("Run Query"));
            browser.findElement(By.xpath("//button[contains(translate(., 'runqey', 'RUNQEY'), 'RUN QUERY')]")).click();
            By traceLink = By.cssSelector("a[href*='/traces/5e5e5e5e5e5e5e5e']");
            await(browser, wait, "lens-search.png", d -> !d.findElements(traceLink).isEmpty());
            browser.findElement(traceLink).click();
            await(browser, wait, "lens-trace.png", d -> d.getCurrentUrl().contains("/zipkin/traces/5e5e5e5e5e5e5e5e")
                    && d.getPageSource().contains("lens-child"));
        } finally {
            browser.quit();
            service.stop();
        }
    }

    /** Waits for the page to satisfy {@code condition}, then (or on failure, to see why) takes a screenshot. */
    private static void await(WebDriver browser, WebDriverWait wait, String screenshot,
            java.util.function.Function<WebDriver, Boolean> condition) throws Exception {
        try {
            wait.until(condition::apply);
        } catch (org.openqa.selenium.TimeoutException e) {
            screenshot(browser, "failed-" + screenshot);
            throw new AssertionError("page at " + browser.getCurrentUrl() + " never got there:\n"
                    + browser.getPageSource(), e);
        }
        screenshot(browser, screenshot);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        Path target = Path.of("target", "screenshots");
        Files.createDirectories(target);
        Files.write(target.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** The trace from Zipkin's API once it holds {@code spans} spans (the batch processor may still hold some). */
    JsonNode awaitTrace(String traceId, int spans) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> response = get(query + "/api/v2/trace/" + traceId);
            if (response.statusCode() == 200) {
                JsonNode trace = JSON.readTree(response.body());
                if (trace.size() >= spans) {
                    return trace;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("trace " + traceId + " not found: " + response.statusCode() + " "
                        + response.body());
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode spanOfKind(JsonNode trace, String kind) {
        for (JsonNode span : trace) {
            if (kind.equals(span.path("kind").asText())) {
                return span;
            }
        }
        throw new AssertionError("no " + kind + " span in " + trace);
    }

    private JsonNode getJson(String url) throws Exception {
        HttpResponse<String> response = get(url);
        assertEquals(200, response.statusCode(), url + " → " + response.body());
        return JSON.readTree(response.body());
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static long now() {
        return System.currentTimeMillis() * 1000;
    }
}
