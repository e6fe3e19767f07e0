package io.spanvault.exporter.file;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@code file} exporter's config, keyed as the collector's fileexporter: {@code path} (required),
 * {@code format} {@code json} (one OTLP/JSON request per line, the default) or {@code proto} (each request
 * as a 4-byte big-endian length and the protobuf bytes), optional {@code rotation}, and
 * {@code flush_interval} (default 1s; 0 flushes every request before acknowledging it).
 */
public record FileExporterConfig(String path, String format, RotationConfig rotation, Duration flushInterval) {

    public FileExporterConfig {
        format = format == null || format.isEmpty() ? "json" : format.toLowerCase(Locale.ROOT);
        flushInterval = flushInterval == null ? Duration.ofSeconds(1) : flushInterval;
        if (!format.equals("json") && !format.equals("proto")) {
            throw new InvalidConfigException("format", "'" + format + "' is not supported; use json or proto");
        }
        if (flushInterval.isNegative()) {
            throw new InvalidConfigException("flush_interval", "must not be negative");
        }
        if (path != null && path.isBlank()) {
            throw new InvalidConfigException("path", "must not be empty");
        }
    }

    /** The path to write to; missing is an error, as the collector's Validate. */
    public String requiredPath() {
        if (path == null) {
            throw new InvalidConfigException("path", "must be set");
        }
        return path;
    }
}
