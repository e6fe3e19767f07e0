package io.spanvault.exporter.otlphttp;

import com.github.luben.zstd.ZstdInputStream;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** A real HTTP server on loopback that answers OTLP posts with scripted statuses (then 200 once the script runs out). */
final class FakeOtlpHttpServer implements AutoCloseable {
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /** One post as the server saw it, the body already decompressed. */
    record Post(long arrivalNanos, String path, com.sun.net.httpserver.Headers headers, byte[] body) {
    }

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Post> posts = new ArrayList<>();
    private final HttpServer server;

    FakeOtlpHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        InputStream in = new ByteArrayInputStream(raw);
        String coding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if ("gzip".equals(coding)) {
            in = new GZIPInputStream(in);
        } else if ("zstd".equals(coding)) {
            in = new ZstdInputStream(in);
        }
        byte[] body = in.readAllBytes();
        Answer answer;
        synchronized (this) {
            posts.add(new Post(System.nanoTime(), exchange.getRequestURI().getPath(), exchange.getRequestHeaders(),
                    body));
            answer = script.pollFirst();
            notifyAll();
        }
        if (answer == null) {
            answer = new Answer(200, Map.of("Content-Type", "application/x-protobuf"), new byte[0]);
        }
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
        if (answer.body().length > 0) {
            exchange.getResponseBody().write(answer.body());
        }
        exchange.close();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized FakeOtlpHttpServer then(int status, Map<String, String> headers, byte[] body) {
        script.addLast(new Answer(status, headers, body));
        return this;
    }

    synchronized FakeOtlpHttpServer then(int status) {
        return then(status, Map.of(), new byte[0]);
    }

    synchronized void always(int status) {
        for (int i = 0; i < 10_000; i++) {
            then(status);
        }
    }

    synchronized List<Post> posts() {
        return new ArrayList<>(posts);
    }

    synchronized void awaitPosts(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (posts.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("expected " + n + " posts, got " + posts.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
