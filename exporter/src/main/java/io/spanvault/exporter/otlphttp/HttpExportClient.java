package io.spanvault.exporter.otlphttp;

import com.github.luben.zstd.Zstd;
import io.spanvault.pipeline.auth.Authenticators;
import io.spanvault.pipeline.auth.ClientAuthenticator;
import io.spanvault.pipeline.component.Host;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.spanvault.exporter.otlpclient.ClientTls;
import io.spanvault.exporter.otlpclient.Compression;
import io.spanvault.exporter.otlpclient.OtlpService;
import io.spanvault.exporter.otlpclient.PartialSuccessLog;
import io.spanvault.exporter.sending.SendingExporter;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.pipeline.signal.Signal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.zip.GZIPOutputStream;

/**
 * Posts one export request over OTLP/HTTP with the JDK's {@link HttpClient}: asynchronous, pooled, HTTP/1.1
 * and HTTP/2 (over TLS), and no event loop or codec of our own to keep. Classifies answers as the collector's
 * otlphttpexporter: 429, 502, 503 and 504 are retried, honouring Retry-After (seconds or an HTTP date); every
 * other failure status is permanent; a connection failure or timeout is retried.
 */
final class HttpExportClient<T extends Message> implements SendingExporter.Client<T> {
    private static final Set<Integer> RETRYABLE = Set.of(429, 502, 503, 504);
    private static final String PROTOBUF = "application/x-protobuf";
    /** zstd's default level, as the Collector's: most of the ratio for little CPU. */
    private static final int ZSTD_LEVEL = 3;
    private static final String JSON = "application/json";

    private final OtlpHttpExporterConfig config;
    private final String exporter;
    private final OtlpService<T> service;
    private final PartialSuccessLog partialSuccess;
    private final URI url;
    private final boolean json;
    private HttpClient client;
    private ClientAuthenticator auth;

    HttpExportClient(OtlpHttpExporterConfig config, Signal<T> signal, String exporter,
            PartialSuccessLog partialSuccess) {
        this.config = config;
        this.exporter = exporter;
        this.service = OtlpService.of(signal);
        this.partialSuccess = partialSuccess;
        this.url = config.url(signal);
        this.json = config.encoding().equals("json");
    }

    @Override
    public void start(Host host) {
        boolean https = url.getScheme().equalsIgnoreCase("https");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .version(https ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        if (https) {
            builder.sslContext(ClientTls.load(config.tls()).sslContext());
        }
        for (String name : config.headers().keySet()) {
            try {
                HttpRequest.newBuilder(url).header(name, config.headers().get(name));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("headers." + name, "cannot be set by the exporter: "
                        + e.getMessage());
            }
        }
        auth = Authenticators.client(host, config.auth());
        client = builder.build();
    }

    @Override
    public CompletionStage<Void> send(T request) {
        byte[] body = json ? OtlpJson.encode(request) : request.toByteArray();
        HttpRequest.Builder post = HttpRequest.newBuilder(url)
                .timeout(config.timeout())
                .header("Content-Type", json ? JSON : PROTOBUF)
                .header("User-Agent", "spanvault");
        config.headers().forEach(post::header);
        if (auth != null) {
            auth.headers().forEach(post::setHeader);
        }
        switch (config.compressionType()) {
            case GZIP -> body = gzip(body);
            case ZSTD -> body = Zstd.compress(body, ZSTD_LEVEL);
            case NONE -> { }
        }
        if (config.compressionType() != Compression.NONE) {
            post.header("Content-Encoding", config.compressionType().configValue());
        }
        return client.sendAsync(post.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).handle((response, error) -> {
                    if (error != null) {
                        throw new RetryableException("exporter " + exporter + ": cannot reach " + url + ": "
                                + describe(error), null, error);
                    }
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        readPartialSuccess(response);
                        return null;
                    }
                    throw failure(response);
                });
    }

    private void readPartialSuccess(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        try {
            if (type.startsWith(PROTOBUF)) {
                partialSuccess.record(service.partialSuccess(service.responseParser().parseFrom(body)));
            } else if (type.startsWith(JSON)) {
                partialSuccess.record(service.partialSuccess(OtlpJson.decode(body, 0, body.length,
                        service.responsePrototype())));
            }
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // The data was accepted (2xx); an unreadable answer body must not cause a duplicate send.
            partialSuccess.unreadable(e.getMessage());
        }
    }

    private ConsumerException failure(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String message = "exporter " + exporter + ": " + url + " answered HTTP " + status + statusMessage(response);
        if (!RETRYABLE.contains(status)) {
            return new PermanentException(message);
        }
        return new RetryableException(message, response.headers().firstValue("Retry-After")
                .map(HttpExportClient::retryAfter).orElse(null));
    }

    /** The message of the google.rpc.Status an OTLP receiver puts in a failure body, when there is one. */
    private static String statusMessage(HttpResponse<byte[]> response) {
        byte[] body = response.body();
        if (body == null || body.length == 0) {
            return "";
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.startsWith(PROTOBUF)) {
            try {
                return ": " + com.google.rpc.Status.parseFrom(body).getMessage();
            } catch (InvalidProtocolBufferException e) {
                return "";
            }
        }
        if (type.startsWith(JSON)) {
            try {
                return ": " + OtlpJson.decode(body, 0, body.length, com.google.rpc.Status.getDefaultInstance())
                        .getMessage();
            } catch (RuntimeException e) {
                return "";
            }
        }
        String text = new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8);
        return ": " + text.strip();
    }

    /** Retry-After as delay-seconds or an HTTP date (RFC 9110); null when it is neither. */
    static Duration retryAfter(String value) {
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static String describe(Throwable error) {
        Throwable t = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The JDK client (on --release 17) has no close; its threads end once it is unreachable. */
    @Override
    public void close() {
        client = null;
    }
}
