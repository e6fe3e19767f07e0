package io.spanvault.query.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;

/**
 * Percent-decoding of request paths and query strings that turns a malformed escape ({@code %zz}, a truncated
 * {@code %}) into a 400 naming the problem, instead of the decoder's exception.
 */
public final class UrlEscapes {
    private UrlEscapes() {
    }

    /** One decoded path segment or path; {@code %00} is refused, since no name or file has a NUL in it. */
    public static String decodePath(String raw) {
        String decoded = decode(raw, "path");
        if (decoded.indexOf('\0') >= 0) {
            throw ApiException.badRequest("the URL path has a NUL character (%00)");
        }
        return decoded;
    }

    /** Every query parameter of {@code uri}, decoded. */
    public static Map<String, List<String>> parameters(QueryStringDecoder uri) {
        try {
            return uri.parameters();
        } catch (IllegalArgumentException e) {
            throw malformed("query string");
        }
    }

    private static String decode(String raw, String where) {
        try {
            return QueryStringDecoder.decodeComponent(raw);
        } catch (IllegalArgumentException e) {
            throw malformed(where);
        }
    }

    private static ApiException malformed(String where) {
        return ApiException.badRequest("malformed percent-escape in the URL " + where
                + ": every '%' must be followed by two hex digits");
    }
}
