package io.spanvault.query.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.server.ServerSecurity;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The query server applies the shared listener limits (tested in full with {@code HttpServerGuard}). */
class QueryHttpServerLimitsTest {

    @Test
    void idleAndSlowConnectionsAreClosedAndConnectionsPastTheLimitRefused() throws Exception {
        QueryHttpServer server = new QueryHttpServer(new Router(new EmbeddedUi("")), "",
                ServerSecurity.NONE, HostAllowList.any(), new ServerLimits(Duration.ofMillis(300), Duration.ofMillis(300), 2));
        int port = server.start(new Endpoint("127.0.0.1", 0)).getPort();
        try (Socket served = new Socket("127.0.0.1", port); Socket slow = new Socket("127.0.0.1", port)) {
            served.setSoTimeout(5000);
            slow.setSoTimeout(5000);
            served.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = new byte[256];
            int n = served.getInputStream().read(answer);
            assertTrue(new String(answer, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            try (Socket third = new Socket("127.0.0.1", port)) {
                third.setSoTimeout(5000);
                assertEquals(-1, third.getInputStream().read(), "a third connection is refused");
            }
            slow.getOutputStream().write("GET / HTTP/1.1\r\nHost".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            assertEquals(-1, drain(served.getInputStream()), "the idle connection is closed");
            assertEquals(-1, slow.getInputStream().read(), "the unfinished head is closed");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4));
        } finally {
            server.close();
        }
    }

    @Test
    void anUploadOverMaxRequestBodySizeIs413NamingTheKey() throws Exception {
        QueryHttpServer server = new QueryHttpServer(new Router(new EmbeddedUi("")), "",
                ServerSecurity.NONE, HostAllowList.any(), new ServerLimits(null, null, null, 1000L));
        int port = server.start(new Endpoint("127.0.0.1", 0)).getPort();
        try {
            HttpResponse<String> tooLarge = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/transform"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1001])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(413, tooLarge.statusCode());
            assertTrue(tooLarge.body().contains("max_request_body_size (1000 bytes)"), tooLarge.body());
        } finally {
            server.close();
        }
    }

    private static int drain(InputStream in) throws Exception {
        int b;
        do {
            b = in.read();
        } while (b != -1);
        return b;
    }
}
