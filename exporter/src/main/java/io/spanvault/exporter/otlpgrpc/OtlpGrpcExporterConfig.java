package io.spanvault.exporter.otlpgrpc;

import io.spanvault.exporter.otlpclient.Compression;
import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code otlp_grpc} (alias {@code otlp}) exporter's config, keyed as the collector's otlpexporter.
 * {@code endpoint} is {@code host:port}; TLS is on unless {@code tls.insecure} or, as in the collector, the
 * endpoint starts with {@code http://}. {@code timeout} bounds each attempt. {@code auth.authenticator} names
 * a client authenticator extension whose headers every call carries.
 */
public record OtlpGrpcExporterConfig(String endpoint, TlsConfig tls, Map<String, String> headers,
        String compression, Duration timeout, RetryConfig retryOnFailure, QueueConfig sendingQueue, AuthConfig auth) {

    public OtlpGrpcExporterConfig {
        tls = tls == null ? TlsConfig.defaults() : tls;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        compression = Compression.parse(compression).configValue();
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        retryOnFailure = retryOnFailure == null ? RetryConfig.defaults() : retryOnFailure;
        sendingQueue = sendingQueue == null ? QueueConfig.defaults() : sendingQueue;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigException("timeout", "must be positive");
        }
        if (endpoint != null) {
            address(endpoint);
        }
    }

    /** Without {@code auth}. */
    public OtlpGrpcExporterConfig(String endpoint, TlsConfig tls, Map<String, String> headers, String compression,
            Duration timeout, RetryConfig retryOnFailure, QueueConfig sendingQueue) {
        this(endpoint, tls, headers, compression, timeout, retryOnFailure, sendingQueue, null);
    }

    /** The endpoint to dial; a missing endpoint is an error here, as the collector's Validate. */
    public Endpoint address() {
        if (endpoint == null || endpoint.isBlank()) {
            throw new InvalidConfigException("endpoint", "must be set (host:port of an OTLP/gRPC receiver)");
        }
        return address(endpoint);
    }

    private static Endpoint address(String endpoint) {
        String hostPort = endpoint.trim().replaceFirst("^(?i)(https?://|dns:///)", "");
        if (hostPort.endsWith("/")) {
            hostPort = hostPort.substring(0, hostPort.length() - 1);
        }
        try {
            Endpoint address = Endpoint.parse(hostPort);
            if (address.port() == 0) {
                throw new InvalidConfigException("endpoint", "'" + endpoint + "' needs a port other than 0");
            }
            return address;
        } catch (InvalidConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("endpoint", e.getMessage());
        }
    }

    /** This config sent to another endpoint (the loadbalancing exporter's per-backend copy). */
    public OtlpGrpcExporterConfig withEndpoint(String other) {
        return new OtlpGrpcExporterConfig(other, tls, headers, compression, timeout, retryOnFailure, sendingQueue);
    }

    /** No TLS: {@code tls.insecure}, or an {@code http://} endpoint. */
    public boolean plaintext() {
        return tls.insecure() || (endpoint != null && endpoint.trim().regionMatches(true, 0, "http://", 0, 7));
    }

    public Compression compressionType() {
        return Compression.parse(compression);
    }
}
