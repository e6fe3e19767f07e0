package io.spanvault.config;

/** {@code service.telemetry.logs}: the service's own log level. */
public record LogsTelemetry(LogLevel level) {
    public LogsTelemetry {
        level = level == null ? LogLevel.INFO : level;
    }
}
