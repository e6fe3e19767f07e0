package io.spanvault.config;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * One {@code service.telemetry.metrics.readers} entry, in the Collector's (OpenTelemetry configuration)
 * shape. Only a {@code pull} reader is served; a {@code periodic} one would push the self-metrics over OTLP,
 * which Spanvault does not do.
 */
public record MetricReader(PullReader pull, Object periodic) {
    public MetricReader {
        if (periodic != null) {
            throw new InvalidConfigException("periodic", "periodic (push) readers are not supported; use"
                    + " pull: {exporter: {prometheus: {host: ..., port: ...}}}");
        }
        if (pull == null) {
            throw new InvalidConfigException("pull", "a reader needs pull: {exporter: {prometheus: {host, port}}}");
        }
    }

    Endpoint endpoint() {
        return pull.exporter().prometheus().endpoint();
    }

    /** {@code pull}: served to a scraper. */
    public record PullReader(PullExporter exporter) {
        public PullReader {
            if (exporter == null) {
                throw new InvalidConfigException("exporter", "a pull reader needs exporter: {prometheus: {host, port}}");
            }
        }
    }

    /** {@code pull.exporter}: only {@code prometheus}. */
    public record PullExporter(PrometheusPull prometheus) {
        public PullExporter {
            if (prometheus == null) {
                throw new InvalidConfigException("prometheus", "the only pull exporter is prometheus: {host, port}");
            }
        }
    }

    /** {@code pull.exporter.prometheus}: where the scrape endpoint listens (default 127.0.0.1:8888). */
    public record PrometheusPull(String host, Integer port) {
        public PrometheusPull {
            host = host == null || host.isEmpty() ? MetricsTelemetry.DEFAULT_ADDRESS.host() : host;
            port = port == null ? MetricsTelemetry.DEFAULT_ADDRESS.port() : port;
            if (port < 0 || port > 65535) {
                throw new InvalidConfigException("port", "port " + port + " is out of range 0-65535");
            }
        }

        Endpoint endpoint() {
            return new Endpoint(host, port);
        }
    }
}
