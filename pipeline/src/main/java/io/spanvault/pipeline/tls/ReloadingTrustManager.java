package io.spanvault.pipeline.tls;

import io.spanvault.pipeline.config.WatchedFiles;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts the CA certificates in {@code client_ca_file} (mTLS), loading the file again when it changes, as
 * {@link ReloadingKeyManager} does for the server's own certificate. The JDK's PKIX trust manager underneath
 * is an {@link X509ExtendedTrustManager}, so engine-based checks keep their full semantics.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private final ReloadedOnChange<X509ExtendedTrustManager> current;

    ReloadingTrustManager(Supplier<X509TrustManager> loader, WatchedFiles files, String what) {
        this.current = new ReloadedOnChange<>(() -> (X509ExtendedTrustManager) loader.get(), files, what, "client CA");
    }

    private X509ExtendedTrustManager current() {
        return current.get();
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        current().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        current().checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        current().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        current().checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current().checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        current().checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return current().getAcceptedIssuers();
    }
}
