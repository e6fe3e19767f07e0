package io.spanvault.exporter.prometheus;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code prometheus} exporter's config, keyed as the Collector's.
 *
 * @param endpoint                       where the scrape endpoint {@code /metrics} listens; default 127.0.0.1:8889
 * @param namespace                      put in front of every metric name, joined with {@code _}
 * @param constLabels                    labels added to every series
 * @param metricExpiration               series not updated for this long are no longer exposed; default 5m
 * @param resourceToTelemetryConversion  {@code enabled}: every resource attribute becomes a label of its series
 * @param enableOpenMetrics              answer OpenMetrics (with exemplars) to scrapers that ask for it in
 *                                       {@code Accept}; default true (the Collector's default is false)
 */
public record PrometheusExporterConfig(Endpoint endpoint, String namespace, Map<String, String> constLabels,
        Duration metricExpiration, ResourceToTelemetry resourceToTelemetryConversion, Boolean enableOpenMetrics) {

    /** {@code resource_to_telemetry_conversion}. */
    public record ResourceToTelemetry(Boolean enabled) {
        public ResourceToTelemetry {
            enabled = enabled != null && enabled;
        }
    }

    public PrometheusExporterConfig {
        endpoint = Objects.requireNonNullElse(endpoint, new Endpoint("127.0.0.1", 8889));
        namespace = Objects.requireNonNullElse(namespace, "");
        constLabels = constLabels == null ? Map.of() : Map.copyOf(constLabels);
        metricExpiration = Objects.requireNonNullElse(metricExpiration, Duration.ofMinutes(5));
        resourceToTelemetryConversion = Objects.requireNonNullElseGet(resourceToTelemetryConversion,
                () -> new ResourceToTelemetry(null));
        enableOpenMetrics = enableOpenMetrics == null || enableOpenMetrics;
        if (metricExpiration.isNegative() || metricExpiration.isZero()) {
            throw new InvalidConfigException("metric_expiration", "must be positive, got " + metricExpiration);
        }
        for (String label : constLabels.keySet()) {
            if (!label.equals(PrometheusNames.label(label)) || label.startsWith("__")) {
                throw new InvalidConfigException("const_labels", "'" + label + "' is not a valid Prometheus label name");
            }
        }
    }
}
