package io.spanvault.pipeline.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import io.spanvault.pipeline.config.WatchedFiles;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trusts the CA certificates in {@code client_ca_file} (mTLS), loading the file again when it changes, as
 * {@link ReloadingKeyManager} does for the server's own certificate. The JDK's PKIX trust manager underneath
 * is an {@link X509ExtendedTrustManager}, so engine-based checks keep their full semantics.
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingTrustManager.class);

    private final Supplier<X509TrustManager> loader;
    private final WatchedFiles files;
    private final String what;
    private volatile X509ExtendedTrustManager current;

    ReloadingTrustManager(Supplier<X509TrustManager> loader, WatchedFiles files, String what) {
        this.loader = loader;
        this.files = files;
        this.what = what;
        this.current = (X509ExtendedTrustManager) loader.get();
    }

    private X509ExtendedTrustManager current() {
        if (files.changed()) {
            try {
                current = (X509ExtendedTrustManager) loader.get();
                LOG.info("{}: loaded the changed client CA", what);
            } catch (RuntimeException e) {
                LOG.warn("{}: keeping the previous client CA: {}", what, e.getMessage());
            }
        }
        return current;
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
