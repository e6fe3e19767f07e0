package io.spanvault.pipeline.tls;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * A server's {@code tls} section, as the collector's {@code configtls.ServerConfig}: a PEM certificate chain
 * and its PKCS#8 key; {@code client_ca_file} makes clients present a certificate signed by that CA (mTLS);
 * {@code min_version} / {@code max_version} ({@code "1.0"} … {@code "1.3"}, default 1.2 and 1.3);
 * {@code cipher_suites} by their IANA names (the JDK's default set when empty; TLS 1.3 suites are not
 * configurable, as in Go); {@code reload_interval}: how often the files are looked at again so a rotated
 * certificate is served without a restart (0, the default, never).
 */
public record TlsServerConfig(String certFile, String keyFile, String clientCaFile, String minVersion,
        String maxVersion, List<String> cipherSuites, Duration reloadInterval) {
    private static final Map<String, String> PROTOCOLS = Map.of("1.0", "TLSv1", "1.1", "TLSv1.1", "1.2",
            "TLSv1.2", "1.3", "TLSv1.3");
    private static final List<String> ORDER = List.of("1.0", "1.1", "1.2", "1.3");

    public TlsServerConfig {
        requireFile("cert_file", certFile);
        requireFile("key_file", keyFile);
        if (clientCaFile != null) {
            requireFile("client_ca_file", clientCaFile);
        }
        minVersion = version("min_version", minVersion, "1.2");
        maxVersion = version("max_version", maxVersion, "1.3");
        if (ORDER.indexOf(minVersion) > ORDER.indexOf(maxVersion)) {
            throw new InvalidConfigException("min_version", "'" + minVersion + "' is above max_version '"
                    + maxVersion + "'");
        }
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
        Set<String> supported = supportedSuites();
        for (String suite : cipherSuites) {
            if (!supported.contains(suite)) {
                throw new InvalidConfigException("cipher_suites", "'" + suite + "' is not a cipher suite this JDK"
                        + " supports; use IANA names such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
            }
        }
        if (reloadInterval == null) {
            reloadInterval = Duration.ZERO;
        }
        if (reloadInterval.isNegative()) {
            throw new InvalidConfigException("reload_interval", "must not be negative, got " + reloadInterval);
        }
    }

    /** Certificate and key only, every other setting at its default. */
    public TlsServerConfig(String certFile, String keyFile, String clientCaFile) {
        this(certFile, keyFile, clientCaFile, null, null, null, null);
    }

    public boolean requiresClientCertificate() {
        return clientCaFile != null;
    }

    /** The JDK's names of the enabled protocol versions, lowest first. */
    public List<String> protocols() {
        return ORDER.subList(ORDER.indexOf(minVersion), ORDER.indexOf(maxVersion) + 1).stream()
                .map(PROTOCOLS::get).toList();
    }

    private static String version(String key, String value, String fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!PROTOCOLS.containsKey(value.trim())) {
            throw new InvalidConfigException(key, "'" + value + "' is not a TLS version; use 1.0, 1.1, 1.2 or 1.3");
        }
        return value.trim();
    }

    private static Set<String> supportedSuites() {
        try {
            return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
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
