package io.spanvault.receiver.http;

import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.spanvault.receiver.otlp.CorsConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Answers CORS preflights and marks responses to allowed origins, as the collector does (rs/cors): an
 * origin or header that is not allowed gets a response without CORS headers, which the browser refuses.
 */
final class CorsPolicy {
    /** Headers a browser OTLP exporter sends that are always allowed, as rs/cors allows them by default. */
    private static final List<String> ALWAYS_ALLOWED_HEADERS =
            List.of("accept", "content-type", "content-encoding", "x-requested-with", "origin");

    private final List<Pattern> origins = new ArrayList<>();
    private final Set<String> headers = new HashSet<>(ALWAYS_ALLOWED_HEADERS);
    private final boolean anyHeader;
    private final int maxAgeSeconds;

    CorsPolicy(CorsConfig config) {
        for (String origin : config.allowedOrigins()) {
            origins.add(Pattern.compile(
                    Pattern.quote(origin.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q")));
        }
        for (String header : config.allowedHeaders()) {
            headers.add(header.toLowerCase(Locale.ROOT));
        }
        this.anyHeader = headers.contains("*");
        this.maxAgeSeconds = config.maxAge();
    }

    boolean allows(String origin) {
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

    FullHttpResponse preflight(HttpRequest request) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
        HttpHeaders out = response.headers();
        out.set(HttpHeaderNames.VARY, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        String method = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD);
        String requested = request.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "");
        if (!allows(origin) || !"POST".equalsIgnoreCase(method) || !headersAllowed(requested)) {
            return response;
        }
        out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "POST");
        if (!requested.isBlank()) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        if (maxAgeSeconds > 0) {
            out.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, maxAgeSeconds);
        }
        return response;
    }

    /** Lets the browser read a response to an allowed origin. */
    void decorate(HttpHeaders response, String origin) {
        if (allows(origin)) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.set(HttpHeaderNames.VARY, "Origin");
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
