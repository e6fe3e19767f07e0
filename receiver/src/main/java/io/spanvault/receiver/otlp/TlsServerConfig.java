package io.spanvault.receiver.otlp;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Server TLS: a PEM certificate chain and its PKCS#8 PEM private key; with {@code client_ca_file} set,
 * clients must present a certificate signed by that CA (mTLS).
 */
public record TlsServerConfig(String certFile, String keyFile, String clientCaFile) {
    public TlsServerConfig {
        requireFile("cert_file", certFile);
        requireFile("key_file", keyFile);
        if (clientCaFile != null) {
            requireFile("client_ca_file", clientCaFile);
        }
    }

    public boolean requiresClientCertificate() {
        return clientCaFile != null;
    }

    private static void requireFile(String key, String file) {
        if (file == null || file.isBlank()) {
            throw new InvalidConfigException(key, "is required when tls is set");
        }
        if (!Files.isReadable(Path.of(file))) {
            throw new InvalidConfigException(key, "cannot read file " + file);
        }
    }
}
