package io.spanvault.pipeline.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.testkit.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void filesAreRequiredAndReadable() {
        assertEquals("cert_file", assertThrows(InvalidConfigException.class,
                () -> new TlsServerConfig(null, "key.pem", null)).key());
        assertEquals("cert_file", assertThrows(InvalidConfigException.class,
                () -> new TlsServerConfig("/nonexistent/cert.pem", "/nonexistent/key.pem", null)).key());
    }

    @Test
    void versionsDefaultTo12And13AndAreCheckedAsTheCollectorDoes() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        String cert = certs.serverCert.toString();
        String key = certs.serverKey.toString();
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), new TlsServerConfig(cert, key, null).protocols());
        assertEquals(List.of("TLSv1.3"), new TlsServerConfig(cert, key, null, "1.3", null, null, null).protocols());
        assertEquals("min_version", assertThrows(InvalidConfigException.class,
                () -> new TlsServerConfig(cert, key, null, "1.4", null, null, null)).key());
        assertEquals("min_version", assertThrows(InvalidConfigException.class,
                () -> new TlsServerConfig(cert, key, null, "1.3", "1.2", null, null)).key());
        assertEquals("cipher_suites", assertThrows(InvalidConfigException.class,
                () -> new TlsServerConfig(cert, key, null, null, null, List.of("TLS_NOT_A_SUITE"), null)).key());
        assertEquals("reload_interval", assertThrows(InvalidConfigException.class,
                () -> new TlsServerConfig(cert, key, null, null, null, null, Duration.ofSeconds(-1))).key());
        new TlsServerConfig(cert, key, null, null, null, List.of("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), null);
    }

    @Test
    void theKeyManagerPresentsARotatedCertificateAfterTheReloadInterval() throws Exception {
        TestCertificates first = TestCertificates.generate(Files.createDirectories(dir.resolve("a")));
        TestCertificates second = TestCertificates.generate(Files.createDirectories(dir.resolve("b")));
        Path cert = Files.copy(first.serverCert, dir.resolve("tls.crt"));
        Path key = Files.copy(first.serverKey, dir.resolve("tls.key"));
        ServerTls tls = ServerTls.load(new TlsServerConfig(cert.toString(), key.toString(), null, null, null, null,
                Duration.ofMillis(50)), "test");
        X509Certificate before = tls.keyManager().getCertificateChain("key")[0];

        Files.copy(second.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(second.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(100);
        tls.keyManager().chooseServerAlias("EC", null, null);
        X509Certificate after = tls.keyManager().getCertificateChain("key")[0];
        assertNotSame(before, after);
        assertEquals(PemFiles.keyManager("c", second.serverCert.toString(), "k", second.serverKey.toString())
                .getCertificateChain("key")[0], after);

        ServerTls never = ServerTls.load(new TlsServerConfig(cert.toString(), key.toString(), null), "test");
        X509Certificate fixed = never.keyManager().getCertificateChain("key")[0];
        Files.copy(first.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(first.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
        never.keyManager().chooseServerAlias("EC", null, null);
        assertSame(fixed, never.keyManager().getCertificateChain("key")[0], "reload_interval 0 never reloads");
    }

    @Test
    void aBrokenRotationKeepsThePreviousCertificate() throws Exception {
        TestCertificates certs = TestCertificates.generate(dir);
        Path cert = Files.copy(certs.serverCert, dir.resolve("tls.crt"));
        Path key = Files.copy(certs.serverKey, dir.resolve("tls.key"));
        ServerTls tls = ServerTls.load(new TlsServerConfig(cert.toString(), key.toString(), null, null, null, null,
                Duration.ofMillis(50)), "test");
        X509Certificate before = tls.keyManager().getCertificateChain("key")[0];
        Files.writeString(cert, "not a certificate");
        Thread.sleep(100);
        tls.keyManager().chooseServerAlias("EC", null, null);
        assertSame(before, tls.keyManager().getCertificateChain("key")[0]);
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedNamingTheKey() throws Exception {
        TestCertificates certs = TestCertificates.generate(Files.createDirectories(dir.resolve("pair")));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> PemFiles.keyManager(
                "tls.cert_file", certs.serverCert.toString(), "tls.key_file", certs.clientKey.toString()));
        assertEquals("tls.cert_file", e.key());
        assertTrue(e.getMessage().contains("does not match the certificate"), e.getMessage());
    }

    @Test
    void aHalfDoneRotationKeepsThePreviousCertificate() throws Exception {
        TestCertificates first = TestCertificates.generate(Files.createDirectories(dir.resolve("half-a")));
        TestCertificates second = TestCertificates.generate(Files.createDirectories(dir.resolve("half-b")));
        Path cert = Files.copy(first.serverCert, dir.resolve("half.crt"));
        Path key = Files.copy(first.serverKey, dir.resolve("half.key"));
        ServerTls tls = ServerTls.load(new TlsServerConfig(cert.toString(), key.toString(), null, null, null, null,
                Duration.ofMillis(50)), "test");
        X509Certificate before = tls.keyManager().getCertificateChain("key")[0];
        Files.copy(second.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
        Thread.sleep(100);
        tls.keyManager().chooseServerAlias("EC", null, null);
        assertSame(before, tls.keyManager().getCertificateChain("key")[0], "the new certificate without its key");
    }
}
