package io.spanvault.bench.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.config.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * POSTs over HTTP/1.1 keep-alive connections: OTLP/HTTP with binary protobuf bodies, or Zipkin JSON v2 as a Zipkin
 * reporter sends it.
 */
final class HttpSender implements OtlpSender {
    private final HttpClient client;
    private final String authorization;
    private final URI uri;
    private final String contentType;
    private final int success;
    private final boolean otlpResponse;

    private HttpSender(URI uri, String contentType, int success, boolean otlpResponse, String authorization,
            SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.authorization = authorization;
        this.uri = uri;
        this.contentType = contentType;
        this.success = success;
        this.otlpResponse = otlpResponse;
    }

    /** OTLP/HTTP to {@code /v1/traces}: 200 with an export response that may report rejected spans. */
    static HttpSender otlp(Endpoint endpoint) {
        return otlp(endpoint, null, null);
    }

    /** OTLP/HTTP with an {@code Authorization} header and over TLS trusting {@code caFile}, each when not null. */
    static HttpSender otlp(Endpoint endpoint, String authorization, String caFile) {
        return new HttpSender(URI.create((caFile == null ? "http://" : "https://") + endpoint + "/v1/traces"),
                "application/x-protobuf", 200, true, authorization, caFile == null ? null : trusting(caFile));
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

    /** Zipkin to {@code /api/v2/spans}: 202 with no body. */
    static HttpSender zipkin(Endpoint endpoint) {
        return new HttpSender(URI.create("http://" + endpoint + "/api/v2/spans"), "application/json", 202, false, null,
                null);
    }

    @Override
    public CompletionStage<Long> send(byte[] request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).header("Content-Type", contentType);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest post = builder.POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
        return client.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                throw new RefusedException(cause.getClass().getSimpleName(), cause);
            }
            if (response.statusCode() != success) {
                throw new RefusedException("HTTP " + response.statusCode(), null);
            }
            if (!otlpResponse) {
                return 0L;
            }
            try {
                return ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess().getRejectedSpans();
            } catch (IOException e) {
                throw new CompletionException(new RefusedException("bad response", e));
            }
        });
    }

    @Override
    public void close() {
        // HttpClient's close() is JDK 21+; its threads are daemons and its connections idle out.
    }
}
