package io.spanvault.pipeline.testkit;

import io.spanvault.pipeline.tls.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate and key files a running server's {@code tls} section names, which a test rotates under it
 * ({@code reload_interval}); and the clients that tell which certificate the server presents.
 */
public final class ServedCertificate {
    /** The files the server is configured with. */
    public final Path cert;
    public final Path key;
    private final TestCertificates initial;

    private ServedCertificate(TestCertificates initial, Path cert, Path key) {
        this.initial = initial;
        this.cert = cert;
        this.key = key;
    }

    /** Copies {@code initial}'s server certificate and key to {@code dir}, as the files a server will serve. */
    public static ServedCertificate copyOf(TestCertificates initial, Path dir) throws IOException {
        Files.createDirectories(dir);
        return new ServedCertificate(initial, Files.copy(initial.serverCert, dir.resolve("served.crt")),
                Files.copy(initial.serverKey, dir.resolve("served.key")));
    }

    /** Replaces the files with {@code next}'s server certificate and key, the key first, as a rotation does. */
    public void rotateTo(TestCertificates next) throws IOException {
        Files.copy(next.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(next.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A half-done rotation: {@code next}'s certificate beside the current key, which does not match it. */
    public void replaceCertificateOnly(TestCertificates next) throws IOException {
        Files.copy(next.serverCert, cert, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A certificate file that holds no certificate. */
    public void corruptCertificate() throws IOException {
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    }

    /** Back to the files the server started with. */
    public void restore() throws IOException {
        rotateTo(initial);
    }

    /** The certificate a new TLS connection to the port is presented, whichever it is. */
    public static X509Certificate presentedBy(int port) throws Exception {
        X509Certificate[] seen = new X509Certificate[1];
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                seen[0] = chain[0];
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            SSLParameters parameters = socket.getSSLParameters();
            // gRPC servers negotiate h2; HTTP/1.1 servers ignore it
            parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
        return seen[0];
    }

    /** The certificate in a PEM file. */
    public static X509Certificate certificate(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    /** A client context trusting only {@code trusted}, presenting {@code clientCert}/{@code clientKey} when given. */
    public static SSLContext clientTls(Path trusted, Path clientCert, Path clientKey) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("trusted", certificate(trusted));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManager[] keys = clientCert == null ? null
                : new KeyManager[] {PemFiles.keyManager("cert", clientCert.toString(), "key", clientKey.toString())};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, tmf.getTrustManagers(), null);
        return context;
    }

    /** Waits up to 15 s for {@code condition}, checking it every 100 ms. */
    public static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 15 s");
            }
            Thread.sleep(100);
        }
    }
}
