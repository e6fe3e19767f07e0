package io.spanvault.processor.filter;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.Locale;

/** The collector's {@code error_mode}: what a condition that fails to evaluate does to the request. */
public enum ErrorMode {
    /** The request fails. */
    PROPAGATE,
    /** The item is kept and the error logged. */
    IGNORE,
    /** The item is kept, nothing is logged. */
    SILENT;

    static ErrorMode parse(String text) {
        if (text == null) {
            return IGNORE;
        }
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("error_mode", "'" + text + "' is not an error mode: use propagate, "
                    + "ignore or silent");
        }
    }
}
