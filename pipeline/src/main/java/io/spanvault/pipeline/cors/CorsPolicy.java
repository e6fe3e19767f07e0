package io.spanvault.pipeline.cors;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One server's {@link CorsConfig} applied as the collector applies it (its HTTP servers wrap rs/cors with
 * credentials allowed): origins and headers match case-insensitively; a preflight from an allowed origin
 * asking for an allowed method (GET, HEAD, POST) and allowed headers is answered with the CORS headers and
 * {@code max_age}; anything else gets no CORS headers, which the browser refuses. Every server (OTLP, Zipkin,
 * query, health, metrics) uses this one class, so they answer browsers alike.
 */
public final class CorsPolicy {
    /** Always allowed, as rs/cors (plus content-encoding, which the browser OTLP exporters send). */
    private static final List<String> ALWAYS_ALLOWED_HEADERS =
            List.of("accept", "content-type", "content-encoding", "x-requested-with", "origin");
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST");
    private static final CorsPolicy NONE = new CorsPolicy(CorsConfig.none());

    private final List<Pattern> origins = new ArrayList<>();
    private final boolean anyOrigin;
    private final Set<String> headers = new HashSet<>(ALWAYS_ALLOWED_HEADERS);
    private final boolean anyHeader;
    private final int maxAgeSeconds;

    public CorsPolicy(CorsConfig config) {
        boolean any = false;
        for (String origin : config.allowedOrigins()) {
            any |= origin.equals("*");
            origins.add(Pattern.compile(Pattern.quote(origin.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q")));
        }
        this.anyOrigin = any;
        for (String header : config.allowedHeaders()) {
            headers.add(header.toLowerCase(Locale.ROOT));
        }
        this.anyHeader = headers.contains("*");
        this.maxAgeSeconds = config.maxAge();
    }

    /** A policy for a server without {@code cors}: allows no origin. */
    public static CorsPolicy of(CorsConfig config) {
        return config == null ? NONE : new CorsPolicy(config);
    }

    public boolean enabled() {
        return !origins.isEmpty();
    }

    public boolean allows(String origin) {
        if (origin == null) {
            return false;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        for (Pattern p : origins) {
            if (p.matcher(o).matches()) {
                return true;
            }
        }
        return false;
    }

    /** A CORS preflight: {@code OPTIONS} with {@code Access-Control-Request-Method}; answered 204 by every server. */
    public static boolean isPreflight(HttpRequest request) {
        return request.method().equals(HttpMethod.OPTIONS)
                && request.headers().contains(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
    }

    /** Adds the answer to a preflight to {@code response}; nothing when origin, method or a header is refused. */
    public void addPreflightHeaders(HttpHeaders request, HttpHeaders response) {
        response.set(HttpHeaderNames.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        String origin = request.get(HttpHeaderNames.ORIGIN);
        String method = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        String requested = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "");
        if (!allows(origin) || method == null || !METHODS.contains(method.toUpperCase(Locale.ROOT))
                || !headersAllowed(requested)) {
            return;
        }
        allowOrigin(response, origin);
        // as rs/cors: the one method asked for
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, method.toUpperCase(Locale.ROOT));
        if (!requested.isBlank()) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        if (maxAgeSeconds > 0) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAgeSeconds);
        }
    }

    /** Lets the browser read a response (a 401 too) to a request from an allowed origin. */
    public void addResponseHeaders(String origin, HttpHeaders response) {
        if (allows(origin)) {
            allowOrigin(response, origin);
            response.set(HttpHeaderNames.VARY, "Origin");
        }
    }

    private void allowOrigin(HttpHeaders response, String origin) {
        // "*" lets any page read without credentials; a listed origin is echoed, with credentials
        if (anyOrigin) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
        }
    }

    private boolean headersAllowed(String requested) {
        if (anyHeader) {
            return true;
        }
        for (String h : requested.split(",")) {
            String name = h.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !headers.contains(name)) {
                return false;
            }
        }
        return true;
    }
}
