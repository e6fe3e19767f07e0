package io.spanvault.exporter.otlpclient;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The key and trust material a {@link TlsConfig} names, loaded from PEM files, in the JDK's types so both the
 * gRPC (netty) and the HTTP (JDK) client can use it.
 */
public final class ClientTls {
    private final TrustManager[] trustManagers;
    private final KeyManagerFactory keyManagers;

    private ClientTls(TrustManager[] trustManagers, KeyManagerFactory keyManagers) {
        this.trustManagers = trustManagers;
        this.keyManagers = keyManagers;
    }

    /** Loads the files; a missing or unreadable file is an {@link InvalidConfigException} naming its key. */
    public static ClientTls load(TlsConfig config) {
        TrustManager[] trust = null;
        if (config.insecureSkipVerify()) {
            trust = new TrustManager[] {new TrustEverything()};
        } else if (config.caFile() != null) {
            trust = trustManagers(config.caFile());
        }
        KeyManagerFactory keys = config.certFile() == null ? null : keyManagers(config.certFile(), config.keyFile());
        return new ClientTls(trust, keys);
    }

    /** Trust managers to use, or null for the JDK's default trust store. */
    public TrustManager[] trustManagers() {
        return trustManagers == null ? null : trustManagers.clone();
    }

    /** The client certificate, or null when none is configured. */
    public KeyManagerFactory keyManagers() {
        return keyManagers;
    }

    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagers(String caFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : certificates("ca_file", caFile)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidConfigException("tls.ca_file", "cannot use '" + caFile + "': " + e.getMessage());
        }
    }

    private static KeyManagerFactory keyManagers(String certFile, String keyFile) {
        Collection<? extends Certificate> chain = certificates("cert_file", certFile);
        PrivateKey key = privateKey(keyFile);
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setKeyEntry("client", key, new char[0], chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, new char[0]);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidConfigException("tls.cert_file", "cannot use '" + certFile + "' with '" + keyFile
                    + "': " + e.getMessage());
        }
    }

    private static Collection<? extends Certificate> certificates(String key, String file) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new InvalidConfigException("tls." + key, "'" + file + "' holds no PEM certificate");
            }
            return certs;
        } catch (GeneralSecurityException | IOException e) {
            throw new InvalidConfigException("tls." + key, "cannot read '" + file + "': " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(String file) {
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new InvalidConfigException("tls.key_file", "cannot read '" + file + "': " + e.getMessage());
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new InvalidConfigException("tls.key_file", "'" + file
                    + "' must hold a PKCS#8 PEM key (BEGIN PRIVATE KEY); convert with openssl pkcs8 -topk8 -nocrypt");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        List<String> tried = new ArrayList<>();
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                tried.add(algorithm);
            }
        }
        throw new InvalidConfigException("tls.key_file", "'" + file + "' is not an " + String.join("/", tried)
                + " key");
    }

    /** insecure_skip_verify: checks neither the chain nor the host name (JSSE checks the name in here). */
    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
