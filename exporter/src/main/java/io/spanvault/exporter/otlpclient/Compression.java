package io.spanvault.exporter.otlpclient;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.Locale;

/** A client's {@code compression}: gzip (the collector's default), zstd or none. */
public enum Compression {
    GZIP, ZSTD, NONE;

    /** Parses the config value; null or empty means the default, gzip. */
    public static Compression parse(String value) {
        if (value == null || value.isEmpty()) {
            return GZIP;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "gzip":
                return GZIP;
            case "zstd":
                return ZSTD;
            case "none":
                return NONE;
            default:
                throw new InvalidConfigException("compression", "'" + value + "' is not supported; use gzip, zstd or none");
        }
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
