package io.spanvault.query.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an HTTP request into a routed {@link ApiRequest}: strips the base path, answers CORS preflights,
 * allows only GET and HEAD, and writes the route's response with CORS headers. Routes run on worker threads,
 * off the I/O threads, since they read the store.
 */
@ChannelHandler.Sharable
final class QueryChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryChannelHandler.class);

    private final Router router;
    private final String basePath;
    private final CorsPolicy cors;
    private final Executor workers;

    QueryChannelHandler(Router router, String basePath, CorsPolicy cors, Executor workers) {
        this.router = router;
        this.basePath = basePath;
        this.cors = cors;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        request.retain();
        try {
            workers.execute(() -> {
                try {
                    answer(ctx, request);
                } finally {
                    request.release();
                }
            });
        } catch (RejectedExecutionException e) {
            request.release();
            ctx.close();
        }
    }

    private void answer(ChannelHandlerContext ctx, FullHttpRequest request) {
        FullHttpResponse response = respond(request);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (request.method().equals(HttpMethod.HEAD)) {
            response.content().clear();
        }
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private FullHttpResponse respond(FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            return plain(request, HttpResponseStatus.BAD_REQUEST, "bad request: "
                    + request.decoderResult().cause().getMessage() + "\n");
        }
        HttpMethod method = request.method();
        if (method.equals(HttpMethod.OPTIONS) && request.headers().contains(
                HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            FullHttpResponse preflight = new DefaultFullHttpResponse(request.protocolVersion(),
                    HttpResponseStatus.NO_CONTENT, Unpooled.EMPTY_BUFFER);
            cors.addPreflightHeaders(request.headers(), preflight.headers());
            return preflight;
        }
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse notAllowed = plain(request, HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + method + " not allowed; the query API is read-only (GET, HEAD)\n");
            notAllowed.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return notAllowed;
        }
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.rawPath();
        if (!basePath.isEmpty()) {
            if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
                return plain(request, HttpResponseStatus.NOT_FOUND,
                        "404 page not found: the API and UI are under " + basePath + "/\n");
            }
            path = path.substring(basePath.length());
        }
        ApiResponse answer;
        try {
            answer = router.route(new ApiRequest(path.isEmpty() ? "/" : path, uri.parameters(), Map.of(),
                    request.headers()));
        } catch (Exception e) {
            LOG.error("query request {} failed", request.uri(), e);
            return plain(request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error: " + e + "\n");
        }
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), answer.status(),
                answer.body());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        cors.addResponseHeaders(request.headers(), response.headers());
        return response;
    }

    private static FullHttpResponse plain(FullHttpRequest request, HttpResponseStatus status, String text) {
        ApiResponse body = ApiResponse.text(status, HttpHeaderValues.TEXT_PLAIN + "; charset=utf-8", text);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, body.body());
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, body.contentType());
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("query connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
