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

/** OTLP/HTTP with binary protobuf bodies over HTTP/1.1 keep-alive connections. */
final class HttpSender implements OtlpSender {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI uri;

    HttpSender(Endpoint endpoint) {
        this.uri = URI.create("http://" + endpoint + "/v1/traces");
    }

    @Override
    public CompletionStage<Long> send(byte[] request) {
        HttpRequest post = HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
        return client.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                throw new RefusedException(cause.getClass().getSimpleName(), cause);
            }
            if (response.statusCode() != 200) {
                throw new RefusedException("HTTP " + response.statusCode(), null);
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
