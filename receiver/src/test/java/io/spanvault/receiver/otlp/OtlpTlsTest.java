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
import io.spanvault.pipeline.testkit.ServedCertificate;
import io.spanvault.pipeline.testkit.TestCertificates;
import io.spanvault.pipeline.tls.TlsServerConfig;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS, mTLS and certificate rotation on both protocols, with the real SDK exporters as clients. */
class OtlpTlsTest {
    private static final Duration RELOAD = Duration.ofMillis(100);
    private static TestCertificates certs;
    private static TestCertificates rotated;

    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.generate(Files.createDirectories(dir.resolve("certs")));
        rotated = TestCertificates.generate(Files.createDirectories(dir.resolve("rotated")));
    }

    private static RunningReceiver start(boolean mutual) throws Exception {
        TlsServerConfig tls = new TlsServerConfig(certs.serverCert.toString(), certs.serverKey.toString(),
                mutual ? certs.clientCert.toString() : null);
        Endpoint loopback = new Endpoint("127.0.0.1", 0);
        return RunningReceiver.start(new GrpcServerConfig(loopback, null, tls),
                new HttpServerConfig(loopback, null, tls, null, null, null, null));
    }

    /** Both protocols serving {@code served}'s files, looked at again every {@link #RELOAD}. */
    private static RunningReceiver startReloading(ServedCertificate served) throws Exception {
        TlsServerConfig tls = new TlsServerConfig(served.cert.toString(), served.key.toString(), null, null, null,
                null, RELOAD);
        Endpoint loopback = new Endpoint("127.0.0.1", 0);
        return RunningReceiver.start(new GrpcServerConfig(loopback, null, tls),
                new HttpServerConfig(loopback, null, tls, null, null, null, null));
    }

    @Test
    void aRotatedCertificateIsServedOnBothProtocolsWithoutARestart() throws Exception {
        ServedCertificate served = ServedCertificate.copyOf(certs, dir.resolve("rotation"));
        try (RunningReceiver running = startReloading(served)) {
            List<Integer> ports = List.of(running.receiver.grpcPort(), running.receiver.httpPort());
            X509Certificate before = ServedCertificate.certificate(certs.serverCert);
            X509Certificate after = ServedCertificate.certificate(rotated.serverCert);
            for (int port : ports) {
                assertEquals(before, ServedCertificate.presentedBy(port));
            }
            served.rotateTo(rotated);
            for (int port : ports) {
                ServedCertificate.awaitTrue(() -> presents(port, after), port + " serving the rotated certificate");
            }
            // clients trusting only the new certificate export over both; trusting only the old, they fail
            exportBoth(running, rotated.serverCert);
            running.traces.awaitItems(2, Duration.ofSeconds(10));
            assertGrpcRefused(running, certs.serverCert, null, null);
            assertThrows(IOException.class, () -> httpPost(running, certs.serverCert));
        }
    }

    @Test
    void newFilesThatDoNotLoadKeepTheOldCertificateUntilGoodOnesCome() throws Exception {
        ServedCertificate served = ServedCertificate.copyOf(certs, dir.resolve("broken-rotation"));
        try (RunningReceiver running = startReloading(served)) {
            List<Integer> ports = List.of(running.receiver.grpcPort(), running.receiver.httpPort());
            X509Certificate old = ServedCertificate.certificate(certs.serverCert);
            served.corruptCertificate();
            assertStillPresented(ports, old);
            served.replaceCertificateOnly(rotated);
            assertStillPresented(ports, old);
            exportBoth(running, certs.serverCert);
            running.traces.awaitItems(2, Duration.ofSeconds(10));

            served.rotateTo(rotated);
            X509Certificate next = ServedCertificate.certificate(rotated.serverCert);
            for (int port : ports) {
                ServedCertificate.awaitTrue(() -> presents(port, next), port + " loading the good files after bad");
            }
        }
    }

    /** New connections over ten reload intervals (each handshake may reload) all get {@code expected}. */
    private static void assertStillPresented(List<Integer> ports, X509Certificate expected) throws Exception {
        for (int i = 0; i < 10; i++) {
            Thread.sleep(RELOAD.toMillis());
            for (int port : ports) {
                assertEquals(expected, ServedCertificate.presentedBy(port), port + " dropped its certificate");
            }
        }
    }

    private static boolean presents(int port, X509Certificate expected) {
        try {
            return expected.equals(ServedCertificate.presentedBy(port));
        } catch (Exception e) {
            return false;
        }
    }

    private static void exportBoth(RunningReceiver running, Path trustedCert) throws IOException {
        byte[] trusted = Files.readAllBytes(trustedCert);
        export(running, OtlpGrpcSpanExporter.builder().setEndpoint("https://127.0.0.1:"
                + running.receiver.grpcPort()).setTrustedCertificates(trusted).build());
        export(running, OtlpHttpSpanExporter.builder().setEndpoint("https://127.0.0.1:"
                + running.receiver.httpPort() + "/v1/traces").setTrustedCertificates(trusted).build());
    }

    private static HttpResponse<Void> httpPost(RunningReceiver running, Path trustedCert) throws Exception {
        return HttpClient.newBuilder().sslContext(ServedCertificate.clientTls(trustedCert, null, null)).build()
                .send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + running.receiver.httpPort()
                        + "/v1/traces")).POST(HttpRequest.BodyPublishers.ofByteArray(
                                TestTraces.request("svc", 1).toByteArray()))
                        .header("Content-Type", "application/x-protobuf").build(),
                        HttpResponse.BodyHandlers.discarding());
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

            assertGrpcRefused(running, certs.serverCert, null, null);
            assertGrpcRefused(running, certs.serverCert, certs.strangerKey, certs.strangerCert);
            assertThrows(IOException.class, () -> httpPost(running, certs.serverCert),
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

    private static void assertGrpcRefused(RunningReceiver running, Path trustedCert, Path key, Path cert)
            throws Exception {
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder()
                .trustManager(trustedCert.toFile());
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
}
