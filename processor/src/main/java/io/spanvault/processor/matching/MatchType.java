package io.spanvault.processor.matching;

import io.spanvault.pipeline.config.InvalidConfigException;

/** How the strings of an include/exclude section are compared, the collector's {@code match_type}. */
public enum MatchType {
    /** Equal strings. */
    STRICT,
    /** RE2-style regular expressions that match anywhere in the string (not anchored), as in the collector. */
    REGEXP;

    public static MatchType parse(String key, String text) {
        if ("strict".equals(text)) {
            return STRICT;
        }
        if ("regexp".equals(text)) {
            return REGEXP;
        }
        throw new InvalidConfigException(key, text == null || text.isEmpty()
                ? "is required: strict or regexp"
                : "unrecognized match_type '" + text + "', valid types are: [regexp strict]");
    }
}
