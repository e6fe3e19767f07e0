package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.testkit.RawHttpResponse;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bodies that arrive in later socket reads than their heads, as slow or large clients send them: the receiver
 * must keep reading until the whole body is in, and answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpHttpSlowBodyTest {
    /** Long enough for the head to be read and handled on its own before the body arrives. */
    private static final long PAUSE_MILLIS = 50;

    private RunningReceiver running;

    @BeforeAll
    void start() throws Exception {
        running = RunningReceiver.start(null, RunningReceiver.http(null));
    }

    @AfterAll
    void stop() {
        running.close();
    }

    @BeforeEach
    void reset() {
        running.traces.clear();
    }

    @Test
    void aBodySentAfterItsHeadIsRead() throws Exception {
        ExportTraceServiceRequest request = TestTraces.request("svc", 1);
        byte[] body = request.toByteArray();
        try (Socket socket = connect()) {
            for (int i = 0; i < 2; i++) { // the second on the kept-alive connection, after a paused export
                write(socket, head(body.length, null));
                Thread.sleep(PAUSE_MILLIS);
                write(socket, body);
                assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
            }
        }
        assertEquals(List.of(request, request), running.traces.received());
    }

    @Test
    void aBodySentInSeveralDelayedWrites() throws Exception {
        ExportTraceServiceRequest request = TestTraces.request("svc", 20);
        byte[] body = request.toByteArray();
        try (Socket socket = connect()) {
            write(socket, head(body.length, null));
            writeInPieces(socket, body, 4);
            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
        }
        assertEquals(List.of(request), running.traces.received());
    }

    @Test
    void aPipelinedBodyFinishedAfterThePreviousRequestWasAnswered() throws Exception {
        ExportTraceServiceRequest first = TestTraces.request("first", 1);
        ExportTraceServiceRequest second = TestTraces.request("second", 20);
        byte[] firstBody = first.toByteArray();
        byte[] secondBody = second.toByteArray();
        int half = secondBody.length / 2;
        try (Socket socket = connect()) {
            // the second head arrives while the first is in the pipeline, so it is held with half its body
            write(socket, concat(head(firstBody.length, null), firstBody, head(secondBody.length, null),
                    Arrays.copyOf(secondBody, half)));
            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
            Thread.sleep(PAUSE_MILLIS);
            write(socket, Arrays.copyOfRange(secondBody, half, secondBody.length));
            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
        }
        assertEquals(List.of(first, second), running.traces.received());
    }

    @Test
    void aGzipBodySplitAcrossWrites() throws Exception {
        ExportTraceServiceRequest request = TestTraces.request("svc", 20);
        byte[] body = HttpSender.gzip(request.toByteArray());
        try (Socket socket = connect()) {
            write(socket, head(body.length, "gzip"));
            writeInPieces(socket, body, 3);
            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
        }
        assertEquals(List.of(request), running.traces.received());
    }

    @Test
    void aLargeBodyFromJavasHttpClientWithLengthAndChunked() throws Exception {
        ExportTraceServiceRequest request = largeRequest();
        byte[] body = request.toByteArray();
        assertTrue(body.length >= 2 << 20, "the body spans many socket reads");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + running.receiver.httpPort() + "/v1/traces");

        HttpRequest withLength = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        assertEquals(200, client.send(withLength, HttpResponse.BodyHandlers.discarding()).statusCode());

        // a publisher of unknown length makes the client send the body chunked
        HttpRequest chunked = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        assertEquals(200, client.send(chunked, HttpResponse.BodyHandlers.discarding()).statusCode());

        assertEquals(List.of(request, request), running.traces.received());
    }

    /** About 2 MiB of spans, each carrying a 1 KiB attribute. */
    private static ExportTraceServiceRequest largeRequest() {
        ExportTraceServiceRequest.Builder request = TestTraces.request("svc", 2048).toBuilder();
        char[] filler = new char[1024];
        Arrays.fill(filler, 'x');
        var attribute = TestTraces.stringAttribute("payload", new String(filler));
        request.getResourceSpansBuilder(0).getScopeSpansBuilder(0).getSpansBuilderList()
                .forEach(span -> span.addAttributes(attribute));
        return request.build();
    }

    private static void writeInPieces(Socket socket, byte[] body, int pieces) throws Exception {
        int step = (body.length + pieces - 1) / pieces;
        for (int from = 0; from < body.length; from += step) {
            Thread.sleep(PAUSE_MILLIS);
            write(socket, Arrays.copyOfRange(body, from, Math.min(body.length, from + step)));
        }
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private static void write(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", running.receiver.httpPort());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static byte[] head(int contentLength, String encoding) {
        return ("POST /v1/traces HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\n"
                + (encoding == null ? "" : "Content-Encoding: " + encoding + "\r\n")
                + "Content-Length: " + contentLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
