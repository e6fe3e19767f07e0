package io.spanvault.pipeline.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import io.spanvault.pipeline.config.WatchedFiles;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presents the certificate in the configured files, loading them again when they change (checked at most
 * once per {@code reload_interval}, from the handshake), so a rotated certificate is served to new
 * connections without a restart. A rotation that cannot be loaded (a key not matching its certificate yet)
 * keeps the previous certificate and is logged; the next change is tried again.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadingKeyManager.class);

    private final Supplier<X509KeyManager> loader;
    private final WatchedFiles files;
    private final String what;
    private volatile X509KeyManager current;

    ReloadingKeyManager(Supplier<X509KeyManager> loader, WatchedFiles files, String what) {
        this.loader = loader;
        this.files = files;
        this.what = what;
        this.current = loader.get();
    }

    private X509KeyManager current() {
        if (files.changed()) {
            try {
                current = loader.get();
                LOG.info("{}: loaded the changed certificate", what);
            } catch (RuntimeException e) {
                LOG.warn("{}: keeping the previous certificate: {}", what, e.getMessage());
            }
        }
        return current;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        X509KeyManager keys = current();
        return keys instanceof X509ExtendedKeyManager extended
                ? extended.chooseEngineServerAlias(keyType, issuers, engine)
                : keys.chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        X509KeyManager keys = current();
        return keys instanceof X509ExtendedKeyManager extended
                ? extended.chooseEngineClientAlias(keyType, issuers, engine)
                : keys.chooseClientAlias(keyType, issuers, null);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return current().getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return current().chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return current().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return current().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return current.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return current.getPrivateKey(alias);
    }
}
