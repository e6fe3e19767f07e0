package io.spanvault.exporter.otlpclient;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * A client's {@code tls} section as the collector's configtls: {@code insecure} turns TLS off (gRPC only; for
 * HTTP the URL scheme decides), {@code ca_file} replaces the system trust store, {@code cert_file} and
 * {@code key_file} (PEM, PKCS#8 key) present a client certificate, and {@code insecure_skip_verify} accepts
 * any server certificate and name.
 */
public record TlsConfig(Boolean insecure, String caFile, String certFile, String keyFile,
        Boolean insecureSkipVerify, String serverNameOverride) {

    public TlsConfig {
        insecure = insecure == null ? Boolean.FALSE : insecure;
        insecureSkipVerify = insecureSkipVerify == null ? Boolean.FALSE : insecureSkipVerify;
        caFile = blankToNull(caFile);
        certFile = blankToNull(certFile);
        keyFile = blankToNull(keyFile);
        serverNameOverride = blankToNull(serverNameOverride);
        if ((certFile == null) != (keyFile == null)) {
            throw new InvalidConfigException(certFile == null ? "cert_file" : "key_file",
                    "cert_file and key_file must be set together");
        }
    }

    public static TlsConfig defaults() {
        return new TlsConfig(null, null, null, null, null, null);
    }

    public static TlsConfig plaintext() {
        return new TlsConfig(true, null, null, null, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
