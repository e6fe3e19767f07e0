package io.spanvault.query.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the handler of a path among routes such as {@code /api/traces/{traceID}}: literal segments must
 * match, {@code {name}} segments capture one percent-decoded segment (so an encoded {@code /} stays inside a
 * service name, as in Jaeger). The first matching route of the request's method wins; unmatched GET paths go
 * to the fallback.
 */
public final class Router {
    private record Route(HttpMethod method, String[] segments, RouteHandler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final RouteHandler fallback;

    public Router(RouteHandler fallback) {
        this.fallback = fallback;
    }

    /** A GET (and HEAD) route. */
    public Router get(String pattern, RouteHandler handler) {
        routes.add(new Route(HttpMethod.GET, split(pattern), handler));
        return this;
    }

    /** A POST route, whose request carries a body. */
    public Router post(String pattern, RouteHandler handler) {
        routes.add(new Route(HttpMethod.POST, split(pattern), handler));
        return this;
    }

    /** True when some route takes {@code method} (HEAD counts as GET). */
    public boolean accepts(HttpMethod method) {
        HttpMethod m = method.equals(HttpMethod.HEAD) ? HttpMethod.GET : method;
        return m.equals(HttpMethod.GET) || routes.stream().anyMatch(r -> r.method().equals(m));
    }

    /**
     * Handles {@code request}, whose path is still percent-encoded; a path that a route of another method
     * matches answers 405. A malformed escape in the path is an {@link ApiException} (400).
     */
    public ApiResponse route(HttpMethod method, ApiRequest request) throws Exception {
        HttpMethod m = method.equals(HttpMethod.HEAD) ? HttpMethod.GET : method;
        String[] segments = split(request.path());
        String[] decoded = new String[segments.length];
        for (int i = 0; i < segments.length; i++) {
            decoded[i] = UrlEscapes.decodePath(segments[i]);
        }
        HttpMethod other = null;
        for (Route route : routes) {
            Map<String, String> captured = match(route.segments(), decoded);
            if (captured != null) {
                if (route.method().equals(m)) {
                    return route.handler().handle(request.withPathParameters(captured));
                }
                other = route.method();
            }
        }
        if (other != null || !m.equals(HttpMethod.GET)) {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method " + method + " not allowed on "
                    + request.path() + (other == null ? "" : "; use " + other));
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
            String decoded = segments[i];
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
