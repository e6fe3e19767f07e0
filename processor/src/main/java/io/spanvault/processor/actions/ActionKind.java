package io.spanvault.processor.actions;

import java.util.Locale;

/** What an attribute action does; the config spells it in lower case. */
public enum ActionKind {
    /** Adds the key when it is absent. */
    INSERT,
    /** Replaces the value when the key is present. */
    UPDATE,
    /** Inserts or updates. */
    UPSERT,
    /** Removes the key and every key matching {@code pattern}. */
    DELETE,
    /** Replaces the value with the hex SHA-256 of it, for the key and every key matching {@code pattern}. */
    HASH,
    /** Adds one attribute per named group of {@code pattern} matched against the key's string value. */
    EXTRACT,
    /** Changes the value's type to int, double or string when it can be converted. */
    CONVERT;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
