package io.spanvault.pipeline.tls;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.util.Arrays;
import io.spanvault.pipeline.config.WatchedFiles;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The key and trust managers a {@link TlsServerConfig} describes, loaded once and reloaded as its
 * {@code reload_interval} says. netty servers take {@link #nettyContext()}; the gRPC server (shaded netty)
 * builds its own context from {@link #keyManager()}, {@link #clientTrust()}, protocols and suites.
 */
public final class ServerTls {
    private final TlsServerConfig config;
    private final X509ExtendedKeyManager keyManager;
    private final X509ExtendedTrustManager clientTrust;

    private ServerTls(TlsServerConfig config, String server) {
        this.config = config;
        this.keyManager = new ReloadingKeyManager(
                () -> PemFiles.keyManager("tls.cert_file", config.certFile(), "tls.key_file", config.keyFile()),
                new WatchedFiles(List.of(config.certFile(), config.keyFile()), config.reloadInterval()),
                server + " tls");
        this.clientTrust = config.clientCaFile() == null ? null : new ReloadingTrustManager(
                () -> PemFiles.trustManager("tls.client_ca_file", config.clientCaFile()),
                new WatchedFiles(Arrays.asList(config.clientCaFile()), config.reloadInterval()), server + " tls");
    }

    /** Loads the files now; a file that cannot be used is an {@code InvalidConfigException} naming its key. */
    public static ServerTls load(TlsServerConfig config, String server) {
        return new ServerTls(config, server);
    }

    public X509ExtendedKeyManager keyManager() {
        return keyManager;
    }

    /** The trust of client certificates, or null when clients need none. */
    public X509ExtendedTrustManager clientTrust() {
        return clientTrust;
    }

    public String[] protocols() {
        return config.protocols().toArray(String[]::new);
    }

    /** The configured suites, or null for the JDK's defaults. */
    public List<String> cipherSuites() {
        return config.cipherSuites().isEmpty() ? null : config.cipherSuites();
    }

    /** A context for netty's HTTP/1.1 servers. */
    public SslContext nettyContext() throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(keyManager).protocols(protocols())
                .ciphers(cipherSuites());
        if (clientTrust != null) {
            builder.trustManager(clientTrust).clientAuth(ClientAuth.REQUIRE);
        }
        return builder.build();
    }
}
