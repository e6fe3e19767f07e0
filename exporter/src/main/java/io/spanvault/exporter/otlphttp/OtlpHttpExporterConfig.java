package io.spanvault.exporter.otlphttp;

import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.exporter.otlpclient.Compression;
import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code otlp_http} (alias {@code otlphttp}) exporter's config, keyed as the collector's
 * otlphttpexporter. Each signal goes to its own {@code *_endpoint} URL if set, else to {@code endpoint}
 * plus {@code /v1/traces}, {@code /v1/metrics} or {@code /v1/logs}. The URL scheme decides TLS; {@code tls}
 * adds a CA, a client certificate or {@code insecure_skip_verify}. {@code encoding} is {@code proto}
 * (default) or {@code json} (OTLP/JSON).
 */
public record OtlpHttpExporterConfig(String endpoint, String tracesEndpoint, String metricsEndpoint,
        String logsEndpoint, TlsConfig tls, Map<String, String> headers, String compression, Duration timeout,
        String encoding, RetryConfig retryOnFailure, QueueConfig sendingQueue, AuthConfig auth) {

    public OtlpHttpExporterConfig {
        tls = tls == null ? TlsConfig.defaults() : tls;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        compression = Compression.parse(compression).configValue();
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
        encoding = encoding == null || encoding.isEmpty() ? "proto" : encoding.toLowerCase(Locale.ROOT);
        retryOnFailure = retryOnFailure == null ? RetryConfig.defaults() : retryOnFailure;
        sendingQueue = sendingQueue == null ? QueueConfig.defaults() : sendingQueue;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigException("timeout", "must be positive");
        }
        if (!encoding.equals("proto") && !encoding.equals("json")) {
            throw new InvalidConfigException("encoding", "'" + encoding + "' is not supported; use proto or json");
        }
        for (String[] url : new String[][] {{"endpoint", endpoint}, {"traces_endpoint", tracesEndpoint},
                {"metrics_endpoint", metricsEndpoint}, {"logs_endpoint", logsEndpoint}}) {
            if (url[1] != null) {
                uri(url[0], url[1]);
            }
        }
    }

    /** Without {@code auth}. */
    public OtlpHttpExporterConfig(String endpoint, String tracesEndpoint, String metricsEndpoint, String logsEndpoint,
            TlsConfig tls, Map<String, String> headers, String compression, Duration timeout, String encoding,
            RetryConfig retryOnFailure, QueueConfig sendingQueue) {
        this(endpoint, tracesEndpoint, metricsEndpoint, logsEndpoint, tls, headers, compression, timeout, encoding,
                retryOnFailure, sendingQueue, null);
    }

    /** The URL the signal is posted to; an error naming {@code endpoint} when neither URL is set. */
    public URI url(Signal<?> signal) {
        String override = signal == Signal.TRACES ? tracesEndpoint
                : signal == Signal.METRICS ? metricsEndpoint : logsEndpoint;
        if (override != null && !override.isBlank()) {
            return uri(signal.name() + "_endpoint", override);
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new InvalidConfigException("endpoint", "must be set (or " + signal.name() + "_endpoint)");
        }
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return uri("endpoint", base + "/v1/" + signal.name());
    }

    public Compression compressionType() {
        return Compression.parse(compression);
    }

    private static URI uri(String key, String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new InvalidConfigException(key, "'" + text + "' must be an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new InvalidConfigException(key, "'" + text + "' is not a URL: " + e.getMessage());
        }
    }
}
