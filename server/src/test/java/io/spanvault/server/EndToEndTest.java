package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real server as a child JVM from a YAML file (OTLP receiver on OS-chosen ports → batch → debug
 * exporter), sends spans with the OpenTelemetry Java SDK over gRPC and HTTP, sees the debug exporter log
 * them, and stops the server with SIGTERM.
 */
class EndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void serverFromYamlReceivesSpansOverGrpcAndHttpAndStopsCleanlyOnSigterm() throws Exception {
        Path config = Files.writeString(dir.resolve("e2e.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:0
                      http:
                        endpoint: 127.0.0.1:0
                processors:
                  batch:
                    timeout: 10ms
                exporters:
                  debug:
                    verbosity: normal
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [debug]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                """);
        try (ServerProcess server = ServerProcess.start("run", "--config", config.toString())) {
            int grpcPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/gRPC on [^ ]*:(\\d+)"), WAIT));
            int httpPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/HTTP on [^ ]*:(\\d+)"), WAIT));
            server.await(Pattern.compile("Everything is ready"), WAIT);

            send(OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + grpcPort).build(), "via-grpc");
            server.await(Pattern.compile("span service=e2e-shop trace_id=\\p{XDigit}{32} span_id=\\p{XDigit}{16}"
                    + " name=\"via-grpc\" kind=server"), WAIT);
            send(OtlpHttpSpanExporter.builder().setEndpoint("http://127.0.0.1:" + httpPort + "/v1/traces").build(),
                    "via-http");
            server.await(Pattern.compile("name=\"via-http\""), WAIT);

            int exit = server.terminate(WAIT);
            server.await(Pattern.compile("Shutdown complete\\."), WAIT);
            assertEquals(143, exit, server.output());
            assertFalse(server.output().contains("Exception"), server.output());
        }
    }

    @Test
    void logLevelFromTheConfigApplies() throws Exception {
        int port = freePort();
        Path config = Files.writeString(dir.resolve("quiet.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                exporters:
                  debug:
                    verbosity: normal
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [debug]
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                    logs:
                      level: warn
                """.formatted(port));
        try (ServerProcess server = ServerProcess.start("run", "--config", config.toString())) {
            awaitListening(port, server);
            send(OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + port).build(), "quiet");
            server.terminate(WAIT);
            assertFalse(server.output().contains(" INFO "), server.output());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void awaitListening(int port, ServerProcess server) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("nothing listens on " + port + "; output:\n" + server.output());
                }
                Thread.sleep(20);
            }
        }
    }

    /** Sends one server span through the SDK and checks the server accepted it. */
    private static void send(SpanExporter exporter, String name) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "e2e-shop")))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        try {
            Tracer tracer = provider.get("e2e");
            Span span = tracer.spanBuilder(name).setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER).startSpan();
            span.end();
            CompletableResultCode flushed = provider.forceFlush().join(20, TimeUnit.SECONDS);
            assertTrue(flushed.isSuccess(), "the server refused or did not answer the export of " + name);
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
