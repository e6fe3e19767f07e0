package io.spanvault.query.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the handler of a path among routes such as {@code /api/traces/{traceID}}: literal segments must
 * match, {@code {name}} segments capture one percent-decoded segment (so an encoded {@code /} stays inside a
 * service name, as in Jaeger). The first matching route wins; unmatched paths go to the fallback.
 */
public final class Router {
    private record Route(String[] segments, RouteHandler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final RouteHandler fallback;

    public Router(RouteHandler fallback) {
        this.fallback = fallback;
    }

    public Router get(String pattern, RouteHandler handler) {
        routes.add(new Route(split(pattern), handler));
        return this;
    }

    /** Handles {@code request}, whose path is still percent-encoded. */
    public ApiResponse route(ApiRequest request) throws Exception {
        String[] segments = split(request.path());
        for (Route route : routes) {
            Map<String, String> captured = match(route.segments(), segments);
            if (captured != null) {
                return route.handler().handle(request.withPathParameters(captured));
            }
        }
        return fallback.handle(request);
    }

    private static Map<String, String> match(String[] pattern, String[] segments) {
        if (pattern.length != segments.length) {
            return null;
        }
        Map<String, String> captured = new HashMap<>(2);
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            String decoded = QueryStringDecoder.decodeComponent(segments[i]);
            if (p.startsWith("{") && p.endsWith("}")) {
                if (decoded.isEmpty()) {
                    return null;
                }
                captured.put(p.substring(1, p.length() - 1), decoded);
            } else if (!p.equals(decoded)) {
                return null;
            }
        }
        return captured;
    }

    private static String[] split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
