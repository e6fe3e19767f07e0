package io.spanvault.exporter.otlphttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.TestCertificates;
import io.spanvault.pipeline.testkit.TestTraces;
import io.spanvault.pipeline.tls.PemFiles;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpHttpTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;
    static HttpsServer server;
    static final AtomicInteger posts = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        certs = TestCertificates.generate(dir);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[] {PemFiles.keyManager("cert_file", certs.serverCert.toString(), "key_file",
                certs.serverKey.toString())}, null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            posts.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    private static void send(TlsConfig tls) throws Exception {
        Exporter<ExportTraceServiceRequest> exporter = new OtlpHttpExporterFactory().create(new ComponentContext(
                ComponentKind.EXPORTER, ComponentId.parse("otlphttp"), new Telemetry()), new OtlpHttpExporterConfig(
                "https://127.0.0.1:" + server.getAddress().getPort(), null, null, null, tls, null, null,
                Duration.ofSeconds(5), null, RetryConfig.disabled(), QueueConfig.disabled()), Signal.TRACES);
        exporter.start(null);
        try {
            exporter.consume(TestTraces.request("tls", 1)).toCompletableFuture().join();
        } finally {
            exporter.close();
        }
    }

    @Test
    void trustsTheServerThroughCaFile() throws Exception {
        int before = posts.get();
        send(new TlsConfig(null, certs.serverCert.toString(), null, null, null, null));
        assertEquals(before + 1, posts.get());
    }

    @Test
    void refusesAnUnknownServerUnlessSkipVerify() throws Exception {
        CompletionException e = assertThrows(CompletionException.class, () -> send(TlsConfig.defaults()));
        assertInstanceOf(RetryableException.class, e.getCause());
        send(new TlsConfig(null, null, null, null, true, null));
    }
}
