package io.spanvault.exporter.file;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * {@code rotation}, as the collector's fileexporter: once the file would pass {@code max_megabytes} it is
 * renamed with a timestamp before its extension ({@code spans-2026-11-26T11-48-23.123.json}) and a new file
 * starts at the path; only the newest {@code max_backups} renamed files are kept (0 keeps all). Timestamps
 * are UTC unless {@code localtime}.
 */
public record RotationConfig(Integer maxMegabytes, Integer maxBackups, Boolean localtime) {

    public RotationConfig {
        maxMegabytes = maxMegabytes == null ? 100 : maxMegabytes;
        maxBackups = maxBackups == null ? 100 : maxBackups;
        localtime = localtime == null ? Boolean.FALSE : localtime;
        if (maxMegabytes <= 0) {
            throw new InvalidConfigException("max_megabytes", "must be positive, got " + maxMegabytes);
        }
        if (maxBackups < 0) {
            throw new InvalidConfigException("max_backups", "must not be negative, got " + maxBackups);
        }
    }

    public long maxBytes() {
        return maxMegabytes * 1024L * 1024L;
    }
}
