package io.spanvault.server;

import io.spanvault.config.LogLevel;
import java.util.Locale;

/**
 * Applies {@code service.telemetry.logs.level} to slf4j-simple, which reads levels from system properties
 * when a logger is created: so this runs before the service builds its components. Quieter levels also
 * quiet the libraries; a chattier one is kept to Spanvault's own loggers.
 */
final class LogLevels {
    private static final String PREFIX = "org.slf4j.simpleLogger.";

    private LogLevels() {
    }

    static void apply(LogLevel level) {
        String name = level.name().toLowerCase(Locale.ROOT);
        System.setProperty(PREFIX + "log.io.spanvault", name);
        if (level.compareTo(LogLevel.INFO) > 0) {
            System.setProperty(PREFIX + "defaultLogLevel", name);
        }
    }
}
