package io.spanvault.bench.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.config.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * POSTs over HTTP/1.1 keep-alive connections: OTLP/HTTP with binary protobuf bodies, or Zipkin JSON v2 as a Zipkin
 * reporter sends it.
 */
final class HttpSender implements OtlpSender {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;
    private final String contentType;
    private final int success;
    private final boolean otlpResponse;

    private HttpSender(URI uri, String contentType, int success, boolean otlpResponse) {
        this.uri = uri;
        this.contentType = contentType;
        this.success = success;
        this.otlpResponse = otlpResponse;
    }

    /** OTLP/HTTP to {@code /v1/traces}: 200 with an export response that may report rejected spans. */
    static HttpSender otlp(Endpoint endpoint) {
        return new HttpSender(URI.create("http://" + endpoint + "/v1/traces"), "application/x-protobuf", 200, true);
    }

    /** Zipkin to {@code /api/v2/spans}: 202 with no body. */
    static HttpSender zipkin(Endpoint endpoint) {
        return new HttpSender(URI.create("http://" + endpoint + "/api/v2/spans"), "application/json", 202, false);
    }

    @Override
    public CompletionStage<Long> send(byte[] request) {
        HttpRequest post = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
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
