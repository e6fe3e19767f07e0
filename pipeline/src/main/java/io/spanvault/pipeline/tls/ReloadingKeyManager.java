package io.spanvault.pipeline.tls;

import io.spanvault.pipeline.config.WatchedFiles;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Presents the certificate in the configured files, loading them again when they change (checked at most
 * once per {@code reload_interval}, from the handshake), so a rotated certificate is served to new
 * connections without a restart. A rotation that cannot be loaded (a key not matching its certificate yet)
 * keeps the previous certificate and is logged; the next change is tried again.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private final ReloadedOnChange<X509KeyManager> current;

    ReloadingKeyManager(Supplier<X509KeyManager> loader, WatchedFiles files, String what) {
        this.current = new ReloadedOnChange<>(loader, files, what, "certificate");
    }

    private X509KeyManager current() {
        return current.get();
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

    // the chain and key come from the manager that chose the alias, not from a newer one loaded in between
    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return current.last().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return current.last().getPrivateKey(alias);
    }
}
