package io.spanvault.config;

/** {@code service.telemetry}: how the service reports on itself. */
public record TelemetrySettings(MetricsTelemetry metrics, LogsTelemetry logs) {
    public static final TelemetrySettings DEFAULT = new TelemetrySettings(null, null);

    public TelemetrySettings {
        metrics = metrics == null ? new MetricsTelemetry(null, null) : metrics;
        logs = logs == null ? new LogsTelemetry(null) : logs;
    }
}
