package io.spanvault.receiver.http;

import java.util.Locale;

/** The {@code Content-Encoding}s the receiver takes. */
public enum ContentCoding {
    IDENTITY, GZIP, DEFLATE;

    /** The coding of the header (absent means identity), or null if unsupported. */
    static ContentCoding of(String header) {
        if (header == null) {
            return IDENTITY;
        }
        switch (header.trim().toLowerCase(Locale.ROOT)) {
            case "":
            case "identity":
                return IDENTITY;
            case "gzip":
            case "x-gzip":
                return GZIP;
            case "deflate":
                return DEFLATE;
            default:
                return null;
        }
    }
}
