package io.spanvault.exporter.otlpgrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.TestCertificates;
import io.spanvault.pipeline.testkit.TestTraces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtlpGrpcTlsTest {
    private static final ExportTraceServiceRequest REQUEST = TestTraces.request("tls", 1);

    @TempDir
    static Path dir;
    static TestCertificates certs;
    static FakeOtlpGrpcServer tlsServer;
    static FakeOtlpGrpcServer mutualTlsServer;

    @BeforeAll
    static void startServers() throws Exception {
        certs = TestCertificates.generate(dir);
        SslContext tls = GrpcSslContexts.configure(serverContext()).build();
        SslContext mutual = GrpcSslContexts.configure(serverContext()).trustManager(certs.clientCert.toFile())
                .clientAuth(ClientAuth.REQUIRE).build();
        tlsServer = new FakeOtlpGrpcServer(tls);
        mutualTlsServer = new FakeOtlpGrpcServer(mutual);
    }

    private static SslContextBuilder serverContext() {
        return SslContextBuilder.forServer(certs.serverCert.toFile(), certs.serverKey.toFile());
    }

    @AfterAll
    static void stopServers() throws Exception {
        tlsServer.close();
        mutualTlsServer.close();
    }

    private static void send(FakeOtlpGrpcServer server, TlsConfig tls) throws Exception {
        Exporter<ExportTraceServiceRequest> exporter = new OtlpGrpcExporterFactory().create(new ComponentContext(
                ComponentKind.EXPORTER, ComponentId.parse("otlp"), new Telemetry()), new OtlpGrpcExporterConfig(
                server.endpoint(), tls, null, null, Duration.ofSeconds(5), RetryConfig.disabled(),
                QueueConfig.disabled()), Signal.TRACES);
        exporter.start(null);
        try {
            exporter.consume(REQUEST).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CompletionException(e.getCause());
        } finally {
            exporter.close();
        }
    }

    @Test
    void trustsTheServerThroughCaFile() throws Exception {
        send(tlsServer, new TlsConfig(null, certs.serverCert.toString(), null, null, null, null));
        assertEquals(REQUEST, tlsServer.received().get(tlsServer.received().size() - 1));
    }

    @Test
    void refusesAServerTheSystemTrustStoreDoesNotKnow() {
        CompletionException e = assertThrows(CompletionException.class, () -> send(tlsServer, TlsConfig.defaults()));
        assertInstanceOf(RetryableException.class, e.getCause());
    }

    @Test
    void insecureSkipVerifyAcceptsAnyServer() throws Exception {
        send(tlsServer, new TlsConfig(null, null, null, null, true, null));
    }

    @Test
    void presentsTheClientCertificateForMutualTls() throws Exception {
        TlsConfig withCert = new TlsConfig(null, certs.serverCert.toString(), certs.clientCert.toString(),
                certs.clientKey.toString(), null, null);
        send(mutualTlsServer, withCert);
        TlsConfig without = new TlsConfig(null, certs.serverCert.toString(), null, null, null, null);
        assertThrows(CompletionException.class, () -> send(mutualTlsServer, without));
    }

    @Test
    void unreadableFilesAreConfigErrorsNamingTheKey() {
        InvalidConfigException missingCa = assertThrows(InvalidConfigException.class, () -> send(tlsServer,
                new TlsConfig(null, dir.resolve("nope.crt").toString(), null, null, null, null)));
        assertEquals("tls.ca_file", missingCa.key());
        InvalidConfigException keyNotPem = assertThrows(InvalidConfigException.class, () -> send(tlsServer,
                new TlsConfig(null, null, certs.clientCert.toString(), certs.clientCert.toString(), null,
                        null)));
        assertEquals("tls.key_file", keyNotPem.key());
        assertEquals("key_file", assertThrows(InvalidConfigException.class,
                () -> new TlsConfig(null, null, "a.crt", null, null, null)).key());
    }
}
