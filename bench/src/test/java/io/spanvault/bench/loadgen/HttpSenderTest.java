package io.spanvault.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.config.Endpoint;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OTLP/HTTP sender against the JDK's HTTP server as the receiver: every answer is checked (status,
 * partial success), each send carries new trace ids, and an exporter keeps its one connection.
 */
class HttpSenderTest {
    private HttpServer server;
    private final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private volatile int status = 200;
    private volatile long rejecting;
    private volatile boolean closing;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/traces", exchange -> {
            received.add(ExportTraceServiceRequest.parseFrom(exchange.getRequestBody().readAllBytes()));
            clientPorts.add(exchange.getRemoteAddress().getPort());
            byte[] answer = rejecting == 0 ? new byte[0] : ExportTraceServiceResponse.newBuilder()
                    .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejecting)
                            .setErrorMessage("too old")).build().toByteArray();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            if (closing) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            // length 0 makes the JDK server answer chunked, so both framings are exercised
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void checksEveryAnswerOverOneKeepAliveConnection() {
        RequestTemplate template = new RequestTemplate(SpanShape.TRACES10.request(20, 1_000L));
        try (HttpSender sender = HttpSender.otlp(new Endpoint("127.0.0.1", server.getAddress().getPort()));
                ExportConnection connection = sender.connect(0, template)) {
            assertEquals(0, connection.export(1));
            rejecting = 3;
            assertEquals(3, connection.export(2));
            rejecting = 0;
            status = 503;
            OtlpSender.RefusedException refused = assertThrows(OtlpSender.RefusedException.class,
                    () -> connection.export(3));
            assertEquals("HTTP 503", refused.reason());
            status = 200;
            assertEquals(0, connection.export(4));
        }

        assertEquals(4, received.size());
        assertEquals(20, received.get(0).getResourceSpans(0).getScopeSpans(0).getSpansCount());
        assertNotEquals(traceId(received.get(0)), traceId(received.get(1)));
        assertEquals(1, clientPorts.size(), "one exporter, one connection: " + clientPorts);
    }

    @Test
    void anUnreachableReceiverIsARefusal() {
        RequestTemplate template = new RequestTemplate(SpanShape.TESTBED.request(5, 1_000L));
        int port = server.getAddress().getPort();
        server.stop(0);
        try (HttpSender sender = HttpSender.otlp(new Endpoint("127.0.0.1", port));
                ExportConnection connection = sender.connect(0, template)) {
            assertEquals("ConnectException", assertThrows(OtlpSender.RefusedException.class,
                    () -> connection.export(1)).reason());
        }
    }

    @Test
    void opensANewConnectionWhenTheServerClosedItsOwn() {
        closing = true;
        RequestTemplate template = new RequestTemplate(SpanShape.TESTBED.request(5, 1_000L));
        try (HttpSender sender = HttpSender.otlp(new Endpoint("127.0.0.1", server.getAddress().getPort()));
                ExportConnection connection = sender.connect(0, template)) {
            assertEquals(0, connection.export(1));
            assertEquals(0, connection.export(2));
        }
        assertEquals(2, received.size());
        assertEquals(2, clientPorts.size(), "a connection per answer that said close: " + clientPorts);
    }

    private static Object traceId(ExportTraceServiceRequest request) {
        return request.getResourceSpans(0).getScopeSpans(0).getSpans(0).getTraceId();
    }
}
