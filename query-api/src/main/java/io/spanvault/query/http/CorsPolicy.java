package io.spanvault.query.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which browser origins may call the API, as the collector's {@code cors} settings: origins are exact or
 * contain {@code *} wildcards ({@code https://*.example.com}, or {@code *} for any); request headers beyond
 * the CORS-safelisted ones must be listed in {@code allowedHeaders} ({@code *} allows any).
 */
public final class CorsPolicy {
    private static final List<String> SAFELISTED_HEADERS = List.of("accept", "accept-language", "content-language",
            "content-type", "x-requested-with");

    private final List<Pattern> origins = new ArrayList<>();
    private final boolean anyOrigin;
    private final List<String> allowedHeaders = new ArrayList<>(SAFELISTED_HEADERS);
    private final boolean anyHeader;

    public CorsPolicy(List<String> allowedOrigins, List<String> allowedHeaders) {
        boolean any = false;
        for (String origin : allowedOrigins) {
            if (origin.equals("*")) {
                any = true;
            }
            origins.add(Pattern.compile(Pattern.quote(origin).replace("*", "\\E.*\\Q")));
        }
        this.anyOrigin = any;
        boolean anyH = false;
        for (String header : allowedHeaders) {
            anyH |= header.equals("*");
            this.allowedHeaders.add(header.toLowerCase(Locale.ROOT));
        }
        this.anyHeader = anyH;
    }

    public boolean enabled() {
        return !origins.isEmpty();
    }

    public boolean allows(String origin) {
        for (Pattern p : origins) {
            if (p.matcher(origin).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Adds the headers that let the browser read a response to a request from an allowed origin. */
    public void addResponseHeaders(HttpHeaders requestHeaders, HttpHeaders responseHeaders) {
        String origin = requestHeaders.get(HttpHeaderNames.ORIGIN);
        if (origin == null || !allows(origin)) {
            return;
        }
        responseHeaders.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, anyOrigin ? "*" : origin);
        if (!anyOrigin) {
            responseHeaders.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }

    /**
     * Adds the answer to a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}); adds nothing
     * when the origin, method or a requested header is not allowed, so the browser refuses the call.
     */
    public void addPreflightHeaders(HttpHeaders requestHeaders, HttpHeaders responseHeaders) {
        String origin = requestHeaders.get(HttpHeaderNames.ORIGIN);
        String method = requestHeaders.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        if (origin == null || !allows(origin) || method == null
                || !(method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD"))) {
            return;
        }
        String requested = requestHeaders.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "");
        for (String header : requested.split(",")) {
            String h = header.trim().toLowerCase(Locale.ROOT);
            if (!h.isEmpty() && !anyHeader && !allowedHeaders.contains(h)) {
                return;
            }
        }
        addResponseHeaders(requestHeaders, responseHeaders);
        responseHeaders.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD");
        if (!requested.isBlank()) {
            responseHeaders.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        responseHeaders.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
    }
}
