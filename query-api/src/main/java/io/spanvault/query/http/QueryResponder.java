package io.spanvault.query.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.spanvault.pipeline.cors.CorsPolicy;
import io.spanvault.pipeline.server.ServerSecurity;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an HTTP request into a routed {@link ApiRequest} and the route's answer into the HTTP response: answers
 * only allowed {@code Host} names ({@link HostAllowList}), answers CORS preflights, answers 401 without valid
 * credentials when {@code auth} is set ({@link UiLogin}), strips the base path, takes GET and HEAD (and POST
 * where a route takes it), adds CORS headers from the shared server settings ({@link ServerSecurity}). Every failure is answered with a status and a plain message, never exception text. Blocks while a
 * route reads the store.
 */
public final class QueryResponder {
    private static final Logger LOG = LoggerFactory.getLogger(QueryResponder.class);

    private final Router router;
    private final String basePath;
    private final ServerSecurity security;
    private final CorsPolicy cors;
    private final HostAllowList hosts;

    public QueryResponder(Router router, String basePath, ServerSecurity security, HostAllowList hosts) {
        this.router = router;
        this.basePath = basePath;
        this.security = security;
        this.cors = security.cors();
        this.hosts = hosts;
    }

    /** The response, with its Content-Length (and for HEAD, without its body). */
    public FullHttpResponse answer(FullHttpRequest request) {
        FullHttpResponse response = respond(request);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        return response;
    }

    private FullHttpResponse respond(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return malformed(request, request.decoderResult().cause());
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (!hosts.allows(host)) {
            return plain(request, HttpResponseStatus.FORBIDDEN, "host '" + HostAllowList.hostName(host)
                    + "' is not allowed: list it under the query extension's allowed_hosts\n");
        }
        HttpMethod method = request.method();
        if (CorsPolicy.isPreflight(request)) {
            FullHttpResponse preflight = new DefaultFullHttpResponse(request.protocolVersion(),
                    HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
            cors.addPreflightHeaders(request.headers(), preflight.headers());
            return preflight;
        }
        if (!security.admits(UiLogin.credentials(request.headers()))) {
            FullHttpResponse refused = UiLogin.unauthorized(request, security.authenticator().challenge());
            security.challenge(refused.headers());
            cors.addResponseHeaders(request.headers().get(HttpHeaderNames.ORIGIN), refused.headers());
            return refused;
        }
        if (!router.accepts(method)) {
            String allowed = router.accepts(HttpMethod.POST) ? "GET, HEAD, POST" : "GET, HEAD";
            FullHttpResponse notAllowed = plain(request, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + method + " not allowed; the query API takes " + allowed + "\n");
            notAllowed.headers().set(HttpHeaderNames.ALLOW, allowed);
            return notAllowed;
        }
        ApiResponse answer;
        try {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.rawPath();
            if (!basePath.isEmpty()) {
                if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
                    return plain(request, HttpResponseStatus.NOT_FOUND,
                            "404 page not found: the API and UI are under " + basePath + "/\n");
                }
                path = path.substring(basePath.length());
            }
            answer = router.route(method, new ApiRequest(path.isEmpty() ? "/" : path, UrlEscapes.parameters(uri),
                    Map.of(), request.headers(), request.content()));
        } catch (ApiException e) {
            return plain(request, e.status(), e.getMessage() + "\n");
        } catch (Throwable e) {
            // Whatever failed (a bug, an OutOfMemoryError), the client gets an answer and never our internals.
            LOG.error("query request {} {} failed", method, request.uri(), e);
            return plain(request, HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "internal error while answering this request; the server log has the details\n");
        }
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), answer.status(),
                answer.body());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        cors.addResponseHeaders(request.headers().get(HttpHeaderNames.ORIGIN), response.headers());
        return response;
    }

    /** An unparseable request: the status and a short message, not the parser's exception text. */
    private static FullHttpResponse malformed(FullHttpRequest request, Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return plain(request, HttpResponseStatus.REQUEST_URI_TOO_LONG, "request line too long\n");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return plain(request, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "request headers too large\n");
        }
        return plain(request, HttpResponseStatus.BAD_REQUEST, "malformed HTTP request\n");
    }

    private static FullHttpResponse plain(FullHttpRequest request, HttpResponseStatus status, String text) {
        ApiResponse body = ApiResponse.text(status, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8", text);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, body.body());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, body.contentType());
        return response;
    }
}
