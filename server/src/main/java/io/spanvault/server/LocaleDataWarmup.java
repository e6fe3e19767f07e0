package io.spanvault.server;

import java.text.SimpleDateFormat;
import java.util.Date;

/**
 * Loads the JDK's locale data (calendar, date-format symbols, time zone) on a thread of its own while the
 * config loads. The logger's first timestamp (slf4j-simple's {@code SimpleDateFormat}, see
 * {@code simplelogger.properties}) would otherwise load it on the main thread, which cannot create the
 * logger before the config gave its level: about a seventh of the main thread's CPU to "ready".
 */
final class LocaleDataWarmup {
    /** The logger's {@code dateTimeFormat}; any pattern loads the same data, this one also its offset symbols. */
    private static final String LOG_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

    private LocaleDataWarmup() {
    }

    static void start() {
        Thread warmup = new Thread(() -> new SimpleDateFormat(LOG_TIMESTAMP).format(new Date()), "spanvault-locale-warmup");
        warmup.setDaemon(true);
        warmup.start();
    }
}
