package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.Status;
import io.spanvault.config.ConfigException;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigProblem;
import io.spanvault.config.ConfigSource;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.testkit.RawHttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code confighttp} timeouts ({@code read_timeout}, {@code read_header_timeout}, {@code write_timeout},
 * {@code idle_timeout}) from the config, on the real servers (OTLP/HTTP, Zipkin, the query extension and
 * health_check), driven by raw sockets playing slow or idle clients.
 */
class ServerTimeoutsEndToEndTest {
    /** The read-header and idle timeouts; the read timeout is 1 s, the write timeout 1.5 s. */
    private static final long TIMEOUT_MS = 500;
    private static final long WRITE_TIMEOUT_MS = 1500;
    private static final String TIMEOUTS = """
                read_timeout: 1s
                read_header_timeout: 500ms
                write_timeout: 1500ms
                idle_timeout: 500ms
            """;
    /** Larger than the client's receive and the server's send buffers together. */
    private static final int BIG_FILE = 16 << 20;

    private static final InProcessServices SERVICES = new InProcessServices();
    /** Accepts the exporter's connections and never answers: the slow pipeline. */
    private static ServerSocket blackHole;
    private static int otlp;
    private static int slowOtlp;
    private static int zipkin;
    private static int query;
    private static int health;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        blackHole = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
        otlp = InProcessServices.freePort();
        slowOtlp = InProcessServices.freePort();
        zipkin = InProcessServices.freePort();
        query = InProcessServices.freePort();
        health = InProcessServices.freePort();
        Path site = Files.createDirectories(dir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "<html></html>");
        try (RandomAccessFile big = new RandomAccessFile(site.resolve("big.txt").toFile(), "rw")) {
            big.setLength(BIG_FILE);
        }
        SERVICES.start("timeouts", """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                %s
                  otlp/slow:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:%d
                %s
                  zipkin:
                    endpoint: 127.0.0.1:%d
                %s
                exporters:
                  store:
                    data_dir: %s
                  otlp_http/blackhole:
                    endpoint: http://127.0.0.1:%d
                    timeout: 8s
                    sending_queue:
                      enabled: false
                    retry_on_failure:
                      enabled: false
                extensions:
                  health_check:
                    endpoint: 127.0.0.1:%d
                %s
                  query:
                    endpoint: 127.0.0.1:%d
                    ui:
                      static_files: %s
                %s
                service:
                  extensions: [health_check, query]
                  pipelines:
                    traces:
                      receivers: [otlp, zipkin]
                      exporters: [store]
                    traces/slow:
                      receivers: [otlp/slow]
                      exporters: [otlp_http/blackhole]
                  telemetry:
                    metrics:
                      level: none
                """.formatted(otlp, indent(TIMEOUTS, 8), slowOtlp, indent(TIMEOUTS, 8), zipkin, indent(TIMEOUTS, 4),
                dir.resolve("data"), blackHole.getLocalPort(), health, indent(TIMEOUTS, 4), query, site,
                indent(TIMEOUTS, 4)));
    }

    @AfterAll
    static void stop() throws IOException {
        SERVICES.close();
        blackHole.close();
    }

    @Test
    void aHeadThatNeverCompletesIsCutOffWithoutAnAnswerOnEveryServer() throws Exception {
        for (int port : List.of(otlp, zipkin, query, health)) {
            try (Socket socket = connect(port)) {
                send(socket, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                assertClosedWithoutAnswer(socket, port);
            }
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeoutOnEveryServer() throws Exception {
        Map<Integer, String> requests = Map.of(
                otlp, post("/v1/traces", "application/json", "{}"),
                zipkin, post("/api/v2/spans", "application/json", "[]"),
                query, "GET /api/services HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                health, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        for (Map.Entry<Integer, String> request : requests.entrySet()) {
            try (Socket socket = connect(request.getKey())) {
                // a normal request, twice on the connection, is unaffected by the short timeouts
                for (int i = 0; i < 2; i++) {
                    send(socket, request.getValue());
                    RawHttpResponse answer = RawHttpResponse.read(socket.getInputStream());
                    assertTrue(answer.status() / 100 == 2, request.getKey() + " answered " + answer.status());
                    Thread.sleep(TIMEOUT_MS / 2);
                }
                assertClosedWithoutAnswer(socket, request.getKey());
            }
        }
    }

    @Test
    void aBodyNotInWithinTheReadTimeoutIsAnswered400NamingTheKey() throws Exception {
        try (Socket socket = connect(otlp)) {
            RawHttpResponse answer = trickleBody(socket, "/v1/traces", "application/x-protobuf");
            assertEquals(400, answer.status());
            assertEquals("application/x-protobuf", answer.header("content-type"));
            Status status = Status.parseFrom(answer.body());
            assertEquals(3, status.getCode(), "INVALID_ARGUMENT, as the collector's body read failure");
            assertEquals("request body not received within read_timeout (1s)", status.getMessage());
        }
        for (int port : List.of(zipkin, query)) {
            try (Socket socket = connect(port)) {
                String path = port == zipkin ? "/api/v2/spans" : "/api/transform";
                RawHttpResponse answer = trickleBody(socket, path, "application/json");
                assertEquals(400, answer.status(), port + ": " + answer.text());
                assertTrue(answer.text().contains("request body not received within read_timeout (1s)"),
                        answer.text());
            }
        }
    }

    @Test
    void aRequestThePipelineDoesNotAnswerWithinTheWriteTimeoutIsCutOff() throws Exception {
        try (Socket socket = connect(slowOtlp)) {
            send(socket, post("/v1/traces", "application/json", """
                    {"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",\
                    "spanId":"eee19b7ec3c1b174","name":"slow","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}"""));
            assertClosedWithoutAnswer(socket, slowOtlp, WRITE_TIMEOUT_MS - 100);
        }
    }

    @Test
    void aClientNotReadingItsResponseIsCutOffAfterTheWriteTimeout() throws Exception {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", query));
            socket.setSoTimeout(10_000);
            send(socket, "GET /big.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            Thread.sleep(WRITE_TIMEOUT_MS + 1000);
            long received = 0;
            byte[] buffer = new byte[1 << 16];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    received += n;
                }
            } catch (SocketException reset) {
                // closed with the response unsent: a reset, as Go's server gives
            }
            assertTrue(received > 0 && received < BIG_FILE, "received " + received + " of " + BIG_FILE + " bytes");
        }
    }

    @Test
    void negativeOrUnparsableTimeoutsAreRefusedNamingTheKey() {
        assertEquals(List.of("error: t.yaml: receivers.otlp.protocols.http.write_timeout: must not be negative,"
                + " got PT-1S"), problems("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        write_timeout: -1s
                """));
        List<String> unparsable = problems("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        read_timeout: soon
                """);
        assertEquals(1, unparsable.size(), unparsable.toString());
        assertTrue(unparsable.get(0).startsWith("error: t.yaml: receivers.otlp.protocols.http.read_timeout:"),
                unparsable.toString());
        assertTrue(problems("""
                extensions:
                  health_check:
                    idle_timeout: -5s
                """).get(0).startsWith("error: t.yaml: extensions.health_check.idle_timeout: must not be negative"));
    }

    private static List<String> problems(String yaml) {
        String full = yaml + """
                exporters:
                  debug:
                """;
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(
                ComponentRegistry.loadInstalled(), name -> null).load(List.of(new ConfigSource("t.yaml", full))));
        return e.problems().stream().map(ConfigProblem::toString).filter(p -> p.contains("timeout")).toList();
    }

    /** Sends a head declaring 100 bytes, then a byte every 100 ms (never idle), until the server answers. */
    private static RawHttpResponse trickleBody(Socket socket, String path, String contentType) throws Exception {
        send(socket, "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nContent-Length: 100\r\n\r\n");
        long start = System.nanoTime();
        InputStream in = socket.getInputStream();
        for (int i = 0; i < 60 && in.available() == 0; i++) {
            try {
                send(socket, "a");
            } catch (IOException closed) {
                break;
            }
            Thread.sleep(100);
        }
        RawHttpResponse answer = RawHttpResponse.read(in);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= 900 && waited < 7500, path + " answered after " + waited + " ms");
        assertEquals(-1, in.read(), "the connection closes after the answer");
        return answer;
    }

    private static void assertClosedWithoutAnswer(Socket socket, int port) throws IOException {
        assertClosedWithoutAnswer(socket, port, TIMEOUT_MS / 2 - 100);
    }

    private static void assertClosedWithoutAnswer(Socket socket, int port, long atLeastMs) throws IOException {
        long start = System.nanoTime();
        int read;
        try {
            read = socket.getInputStream().read();
        } catch (SocketException reset) {
            read = -1;
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(-1, read, port + " answered instead of closing");
        // the upper bound is loose for loaded machines; past it a 30 s default or the exporter's answer would show
        assertTrue(waited >= atLeastMs && waited < 7500, port + " closed after " + waited + " ms");
    }

    private static String post(String path, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body;
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String indent(String block, int spaces) {
        String pad = " ".repeat(spaces);
        return block.lines().map(line -> pad + line.strip()).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
