package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.testkit.RawHttpResponse;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 connection behaviour on a raw socket: keep-alive after early answers, pipelined requests in order. */
class OtlpHttpConnectionTest {

    @Test
    void theConnectionStaysUsableAfterAnEarlyRejection() throws Exception {
        try (RunningReceiver running = RunningReceiver.start(null, RunningReceiver.http(null));
                Socket socket = connect(running)) {
            OutputStream out = socket.getOutputStream();
            out.write(head("GET", 0).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 405"));

            out.write(head("POST", 0).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void pipelinedRequestsWaitForThePipelineAndAreAnsweredInOrder() throws Exception {
        try (RunningReceiver running = RunningReceiver.start(null, RunningReceiver.http(null));
                Socket socket = connect(running)) {
            CompletableFuture<Void> first = new CompletableFuture<>();
            running.traces.answerWith(data -> running.traces.received().size() == 1
                    ? first : CompletableFuture.failedFuture(
                            new io.spanvault.pipeline.consumer.PermanentException("second")));
            byte[] body = TestTraces.request("svc", 1).toByteArray();
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            for (int i = 0; i < 2; i++) {
                both.write(head("POST", body.length).getBytes(StandardCharsets.US_ASCII));
                both.write(body);
            }
            socket.getOutputStream().write(both.toByteArray());
            socket.getOutputStream().flush();

            running.traces.awaitItems(1, Duration.ofSeconds(5));
            assertEquals(1, running.traces.received().size(), "the second request waits for the first");
            first.complete(null);

            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 400"));
            assertEquals(2, running.traces.received().size());
        }
    }

    @Test
    void expectContinueIsAnsweredBeforeTheBodyAndRefusedHeadsCloseTheConnection() throws Exception {
        try (RunningReceiver running = RunningReceiver.start(null, RunningReceiver.http(1024L))) {
            byte[] body = TestTraces.request("svc", 1).toByteArray();
            try (Socket socket = connect(running)) {
                socket.getOutputStream().write(expecting(body.length).getBytes(StandardCharsets.US_ASCII));
                assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 100"));
                socket.getOutputStream().write(body);
                assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
            }
            try (Socket socket = connect(running)) {
                socket.getOutputStream().write(expecting(4096).getBytes(StandardCharsets.US_ASCII));
                String refused = RawHttpResponse.read(socket.getInputStream()).head();
                assertTrue(refused.startsWith("HTTP/1.1 413"), refused);
                assertTrue(refused.toLowerCase().contains("connection: close"), refused);
                assertEquals(-1, socket.getInputStream().read(), "the server closed the connection");
            }
            running.traces.awaitItems(1, Duration.ofSeconds(5));
        }
    }

    @Test
    void chunkedBodiesAreReassembled() throws Exception {
        try (RunningReceiver running = RunningReceiver.start(null, RunningReceiver.http(null));
                Socket socket = connect(running)) {
            byte[] body = TestTraces.request("svc", 2).toByteArray();
            int half = body.length / 2;
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/traces HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.write(("\r\n" + Integer.toHexString(body.length - half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, half, body.length - half);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            assertTrue(RawHttpResponse.read(socket.getInputStream()).head().startsWith("HTTP/1.1 200"));
            assertEquals(TestTraces.request("svc", 2), running.traces.received().get(0));
        }
    }

    @Test
    void closingAnswersTheRequestsAlreadyInThePipeline() throws Exception {
        RunningReceiver running = RunningReceiver.start(null, RunningReceiver.http(null));
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        running.traces.answerWith(data -> accepted);
        var response = new HttpSender(running.receiver.httpPort()).postAsync("/v1/traces", "application/x-protobuf",
                TestTraces.request("svc", 1).toByteArray());
        running.traces.awaitItems(1, Duration.ofSeconds(5));

        int port = running.receiver.httpPort();
        CompletableFuture<Void> closed = CompletableFuture.runAsync(running::close);
        awaitRefused(port);
        assertThrows(TimeoutException.class, () -> closed.get(300, TimeUnit.MILLISECONDS),
                "closing waits for the request in the pipeline");
        accepted.complete(null);

        assertEquals(200, response.get(10, TimeUnit.SECONDS).statusCode());
        closed.get(10, TimeUnit.SECONDS);
    }

    /** Waits until the server no longer accepts connections: closing has begun. */
    private static void awaitRefused(int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                Thread.onSpinWait();
            } catch (IOException refused) {
                return;
            }
        }
        throw new AssertionError("the server kept accepting connections while closing");
    }

    private static String expecting(int contentLength) {
        return "POST /v1/traces HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\n"
                + "Expect: 100-continue\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    private static Socket connect(RunningReceiver running) throws IOException {
        Socket socket = new Socket("127.0.0.1", running.receiver.httpPort());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static String head(String method, int contentLength) {
        return method + " /v1/traces HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }
}
