package io.spanvault.bench.loadgen;

import io.spanvault.pipeline.config.Endpoint;
import java.nio.charset.StandardCharsets;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;

/**
 * POSTs over HTTP/1.1 keep-alive connections, one per exporter: OTLP/HTTP with binary protobuf bodies, or
 * Zipkin JSON v2 as a Zipkin reporter sends it. Each connection is a plain (or TLS) socket that writes its
 * pre-encoded request head and body in one go and reads the answer into buffers it reuses (see
 * {@link HttpConnection}): next to the server it measures, the client costs a write and a read per request.
 */
final class HttpSender implements OtlpSender {
    private final Endpoint endpoint;
    private final String path;
    private final String contentType;
    private final String authorization;
    private final SocketFactory sockets;
    private final boolean tls;
    private final int success;
    private final boolean otlpResponse;

    private HttpSender(Endpoint endpoint, String path, String contentType, int success, boolean otlpResponse,
            String authorization, SSLContext tls) {
        this.endpoint = endpoint;
        this.path = path;
        this.contentType = contentType;
        this.success = success;
        this.otlpResponse = otlpResponse;
        this.authorization = authorization;
        this.sockets = tls == null ? SocketFactory.getDefault() : tls.getSocketFactory();
        this.tls = tls != null;
    }

    /** OTLP/HTTP to {@code /v1/traces}: 200 with an export response that may report rejected spans. */
    static HttpSender otlp(Endpoint endpoint) {
        return otlp(endpoint, null, null);
    }

    /** OTLP/HTTP with an {@code Authorization} header and over TLS trusting {@code caFile}, each when not null. */
    static HttpSender otlp(Endpoint endpoint, String authorization, String caFile) {
        return new HttpSender(endpoint, "/v1/traces", "application/x-protobuf", 200, true, authorization,
                caFile == null ? null : trusting(caFile));
    }

    /** Zipkin to {@code /api/v2/spans}: 202 with no body. */
    static HttpSender zipkin(Endpoint endpoint) {
        return new HttpSender(endpoint, "/api/v2/spans", "application/json", 202, false, null, null);
    }

    private static SSLContext trusting(String caFile) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(caFile))) {
            java.security.KeyStore store = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("--ca-file " + caFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ExportConnection connect(int exporter, EncodedRequests requests) {
        return new HttpConnection(endpoint, sockets, tls, head(requests.size()), requests, success, otlpResponse);
    }

    /** The request line and headers of a POST whose body is {@code bodyLength} bytes. */
    private byte[] head(int bodyLength) {
        StringBuilder head = new StringBuilder(160).append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(endpoint).append("\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n")
                .append("Content-Length: ").append(bodyLength).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        // every connection is its exporter's and closed by it
    }
}
