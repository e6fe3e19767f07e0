package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.testkit.TestTraces;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server with an otlp exporter whose destination is down and whose sending queue holds two
 * requests: the first two posts are acknowledged (enqueued), the third is refused with 429 (slow down) and Retry-After,
 * so the client keeps its data and comes back later.
 */
class QueueFullEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void fullSendingQueueIsAnsweredWith429AndRetryAfter() throws Exception {
        int downPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downPort = socket.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("queue-full.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                exporters:
                  otlp:
                    endpoint: 127.0.0.1:%d
                    tls:
                      insecure: true
                    sending_queue:
                      num_consumers: 1
                      queue_size: 2
                    retry_on_failure:
                      initial_interval: 30s
                      max_interval: 30s
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [otlp]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                """.formatted(downPort));
        try (ServerProcess server = ServerProcess.start("run", "--config", config.toString())) {
            int httpPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/HTTP on [^ ]*:(\\d+)"), WAIT));
            server.await(Pattern.compile("Everything is ready"), WAIT);
            HttpClient http = HttpClient.newHttpClient();
            int[] statuses = new int[3];
            HttpResponse<String> last = null;
            for (int i = 0; i < 3; i++) {
                last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/traces"))
                        .header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(TestTraces.request("full", 1, i + 1).toByteArray()))
                        .build(), HttpResponse.BodyHandlers.ofString());
                statuses[i] = last.statusCode();
            }
            assertEquals(200, statuses[0], server.output());
            assertEquals(200, statuses[1], server.output());
            assertEquals(429, statuses[2], server.output());
            assertTrue(last.headers().firstValue("Retry-After").isPresent(), last.headers().map().toString());
        }
    }
}
