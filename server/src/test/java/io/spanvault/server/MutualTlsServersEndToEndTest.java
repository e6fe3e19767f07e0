package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spanvault.pipeline.testkit.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * mTLS with the shared {@code tls.client_ca_file} on the query API and the health_check server (the
 * self-metrics server's is in {@link SecuredServersEndToEndTest}): a client certificate signed by the client
 * CA is served; none, or one from another CA, fails the handshake.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MutualTlsServersEndToEndTest {
    private final InProcessServices services = new InProcessServices();
    private TestCertificates certs;
    private int query;
    private int health;

    @TempDir
    static Path dir;

    @BeforeAll
    void start() throws Exception {
        certs = TestCertificates.generate(Files.createDirectories(dir.resolve("certs")));
        query = InProcessServices.freePort();
        health = InProcessServices.freePort();
        String tls = """
                tls:
                  cert_file: %s
                  key_file: %s
                  client_ca_file: %s
                """.formatted(certs.serverCert, certs.serverKey, certs.clientCert).indent(4).stripTrailing();
        services.start("mtls", """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                exporters:
                  store:
                    data_dir: %s
                extensions:
                  query:
                    endpoint: 127.0.0.1:%d
                %s
                  health_check:
                    endpoint: 127.0.0.1:%d
                %s
                service:
                  extensions: [query, health_check]
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [store]
                  telemetry:
                    metrics:
                      level: none
                """.formatted(dir.resolve("data"), query, tls, health, tls));
    }

    @AfterAll
    void stop() {
        services.close();
    }

    @Test
    void theQueryApiServesOnlyClientsWithACertificateOfTheClientCa() throws Exception {
        assertMutualTls(URI.create("https://127.0.0.1:" + query + "/api/services"));
    }

    @Test
    void theHealthCheckServesOnlyClientsWithACertificateOfTheClientCa() throws Exception {
        assertMutualTls(URI.create("https://127.0.0.1:" + health + "/"));
    }

    private void assertMutualTls(URI uri) throws Exception {
        HttpClient trusted = HttpClient.newBuilder()
                .sslContext(SecuredServersEndToEndTest.trusting(certs.serverCert, certs.clientCert, certs.clientKey))
                .build();
        assertEquals(200, trusted.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        for (SSLContext refused : new SSLContext[] {SecuredServersEndToEndTest.trusting(certs.serverCert, null, null),
                SecuredServersEndToEndTest.trusting(certs.serverCert, certs.strangerCert, certs.strangerKey)}) {
            assertThrows(IOException.class, () -> HttpClient.newBuilder().sslContext(refused).build()
                    .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()), uri.toString());
        }
    }
}
