package io.spanvault.exporter.otlpclient;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.tls.PemFiles;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;

/**
 * The key and trust material a {@link TlsConfig} names, loaded from PEM files by the shared
 * {@link PemFiles}, in the JDK's types so both the gRPC (netty) and the HTTP (JDK) client can use it.
 */
public final class ClientTls {
    private final TrustManager[] trustManagers;
    private final X509KeyManager keyManagers;

    private ClientTls(TrustManager[] trustManagers, X509KeyManager keyManagers) {
        this.trustManagers = trustManagers;
        this.keyManagers = keyManagers;
    }

    /** Loads the files; a missing or unreadable file is an {@link InvalidConfigException} naming its key. */
    public static ClientTls load(TlsConfig config) {
        TrustManager[] trust = null;
        if (config.insecureSkipVerify()) {
            trust = new TrustManager[] {new TrustEverything()};
        } else if (config.caFile() != null) {
            trust = new TrustManager[] {PemFiles.trustManager("tls.ca_file", config.caFile())};
        }
        X509KeyManager keys = config.certFile() == null ? null
                : PemFiles.keyManager("tls.cert_file", config.certFile(), "tls.key_file", config.keyFile());
        return new ClientTls(trust, keys);
    }

    /** Trust managers to use, or null for the JDK's default trust store. */
    public TrustManager[] trustManagers() {
        return trustManagers == null ? null : trustManagers.clone();
    }

    /** The client certificate, or null when none is configured. */
    public X509KeyManager keyManagers() {
        return keyManagers;
    }

    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : new KeyManager[] {keyManagers}, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
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
