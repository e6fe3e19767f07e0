package io.spanvault.query.jaeger;

import java.util.Locale;

/** The value types of Jaeger tags; the UI spells them in lower case. */
public enum JaegerValueType {
    STRING, BOOL, INT64, FLOAT64, BINARY;

    private final String uiName = name().toLowerCase(Locale.ROOT);

    public String uiName() {
        return uiName;
    }
}
