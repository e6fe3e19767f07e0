package io.spanvault.receiver.http;

import java.util.Locale;

/** The {@code Content-Encoding}s the receiver takes. */
public enum ContentCoding {
    IDENTITY, GZIP, DEFLATE, ZSTD,
    /** {@code snappy}: the block format, or the framed one when the body starts with its stream identifier. */
    SNAPPY,
    /** {@code x-snappy-framed}: the framing format. */
    SNAPPY_FRAMED;

    /** The header values taken, for the answer that refuses another. */
    static final String ACCEPTED = "gzip, deflate, zstd, snappy, x-snappy-framed or none";

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
            case "zlib":
                return DEFLATE;
            case "zstd":
                return ZSTD;
            case "snappy":
                return SNAPPY;
            case "x-snappy-framed":
                return SNAPPY_FRAMED;
            default:
                return null;
        }
    }
}
