package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.testkit.TestCertificates;
import io.spanvault.pipeline.tls.TlsServerConfig;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS and mTLS on both protocols, with the real SDK exporters as clients. */
class OtlpTlsTest {
    private static TestCertificates certs;

    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        certs = TestCertificates.generate(dir);
    }

    private static RunningReceiver start(boolean mutual) throws Exception {
        TlsServerConfig tls = new TlsServerConfig(certs.serverCert.toString(), certs.serverKey.toString(),
                mutual ? certs.clientCert.toString() : null);
        Endpoint loopback = new Endpoint("127.0.0.1", 0);
        return RunningReceiver.start(new GrpcServerConfig(loopback, null, tls),
                new HttpServerConfig(loopback, null, tls, null, null, null, null));
    }

    @Test
    void tlsServesBothProtocols() throws Exception {
        try (RunningReceiver running = start(false)) {
            byte[] trusted = Files.readAllBytes(certs.serverCert);
            export(running, OtlpGrpcSpanExporter.builder().setEndpoint("https://127.0.0.1:"
                    + running.receiver.grpcPort()).setTrustedCertificates(trusted).build());
            export(running, OtlpHttpSpanExporter.builder().setEndpoint("https://127.0.0.1:"
                    + running.receiver.httpPort() + "/v1/traces").setTrustedCertificates(trusted).build());

            running.traces.awaitItems(2, Duration.ofSeconds(10));
            assertEquals(2, running.traces.itemCount());
            assertThrows(IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + running.receiver.httpPort() + "/v1/traces")).build(),
                    HttpResponse.BodyHandlers.discarding()), "plain HTTP is not served on a TLS port");
        }
    }

    @Test
    void mutualTlsTakesTrustedClientsOnly() throws Exception {
        try (RunningReceiver running = start(true)) {
            byte[] trusted = Files.readAllBytes(certs.serverCert);
            byte[] key = Files.readAllBytes(certs.clientKey);
            byte[] cert = Files.readAllBytes(certs.clientCert);
            export(running, OtlpGrpcSpanExporter.builder().setEndpoint("https://127.0.0.1:"
                    + running.receiver.grpcPort()).setTrustedCertificates(trusted).setClientTls(key, cert).build());
            export(running, OtlpHttpSpanExporter.builder().setEndpoint("https://127.0.0.1:"
                    + running.receiver.httpPort() + "/v1/traces").setTrustedCertificates(trusted)
                    .setClientTls(key, cert).build());
            running.traces.awaitItems(2, Duration.ofSeconds(10));

            assertGrpcRefused(running, null, null);
            assertGrpcRefused(running, certs.strangerKey, certs.strangerCert);
            assertThrows(IOException.class, () -> HttpClient.newBuilder().sslContext(trustingServer()).build()
                    .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + running.receiver.httpPort()
                            + "/v1/traces")).POST(HttpRequest.BodyPublishers.ofByteArray(
                                    TestTraces.request("svc", 1).toByteArray()))
                            .header("Content-Type", "application/x-protobuf").build(),
                            HttpResponse.BodyHandlers.discarding()),
                    "an HTTP client without a certificate is refused");
            assertEquals(2, running.traces.itemCount(), "nothing from refused clients arrived");
        }
    }

    private static void export(RunningReceiver running, SpanExporter exporter) {
        try (SdkTracerProvider tracing = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            tracing.get("tls").spanBuilder("secure").startSpan().end();
            assertTrue(tracing.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "export over TLS failed");
        }
    }

    private static void assertGrpcRefused(RunningReceiver running, Path key, Path cert) throws Exception {
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder()
                .trustManager(certs.serverCert.toFile());
        if (key != null) {
            credentials.keyManager(cert.toFile(), key.toFile());
        }
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", running.receiver.grpcPort(),
                credentials.build()).build();
        try {
            assertThrows(StatusRuntimeException.class, () -> TraceServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).export(TestTraces.request("svc", 1)));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static SSLContext trustingServer() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certs.serverCert)) {
            trust.setCertificateEntry("server", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
