package io.spanvault.receiver.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.spanvault.pipeline.server.SharedQueryRoutes;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GET and HEAD requests for an extension's {@link SharedQueryRoutes} on an ingest port, ahead of the
 * ingest handler; every other request passes on to it. Answers keep request order on a keep-alive
 * connection: a query that arrives while an ingest request is unanswered, or while another query runs, waits
 * (with reading paused) until the answer before it is written.
 */
final class SharedQueryHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SharedQueryHandler.class);

    private final SharedQueryRoutes routes;
    private final Executor executor;
    private final Queue<Object> held = new ArrayDeque<>();
    /** Requests passed to the ingest handler whose final response has not been written yet. */
    private int ingestUnanswered;
    private boolean querying;
    /** The body of a request this handler answers: dropped (GET and HEAD carry none that matters). */
    private boolean droppingBody;

    SharedQueryHandler(SharedQueryRoutes routes, Executor executor) {
        this.routes = routes;
        this.executor = executor;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (querying || !held.isEmpty()) {
            held.add(msg);
            return;
        }
        read(ctx, msg);
    }

    private void read(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            droppingBody = isQuery(request);
            if (droppingBody && ingestUnanswered > 0) {
                held.add(msg);
                ctx.channel().config().setAutoRead(false);
                return;
            }
            if (droppingBody) {
                query(ctx, request);
            } else {
                ingestUnanswered++;
            }
        }
        if (droppingBody) {
            if (msg instanceof HttpContent) {
                ReferenceCountUtil.release(msg);
            }
            if (msg instanceof LastHttpContent) {
                droppingBody = false;
            }
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private boolean isQuery(HttpRequest request) {
        if (request.decoderResult().isFailure()
                || !(request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))) {
            return false;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        return routes.serves(query < 0 ? uri : uri.substring(0, query));
    }

    private void query(ChannelHandlerContext ctx, HttpRequest request) {
        querying = true;
        ctx.channel().config().setAutoRead(false);
        FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(),
                request.uri(), Unpooled.EMPTY_BUFFER, request.headers(), EmptyHttpHeaders.INSTANCE);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        try {
            executor.execute(() -> {
                FullHttpResponse response;
                try {
                    response = routes.answer(full);
                } catch (Throwable e) {
                    LOG.warn("query {} {} on an ingest port failed", full.method(), full.uri(), e);
                    response = PlainText.response(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "internal error while answering this request; the server log has the details\n");
                    HttpUtil.setContentLength(response, response.content().readableBytes());
                }
                HttpUtil.setKeepAlive(response, keepAlive);
                ctx.writeAndFlush(response).addListener(written -> {
                    if (!keepAlive || !written.isSuccess()) {
                        ctx.close();
                        return;
                    }
                    querying = false;
                    drain(ctx);
                });
            });
        } catch (Throwable e) {
            ctx.close();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        // the ingest handler's answers (this handler's own are written past it); "100 Continue" is not one
        boolean finalResponse = msg instanceof HttpResponse response && msg instanceof LastHttpContent
                && response.status().codeClass() != HttpStatusClass.INFORMATIONAL;
        ctx.write(msg, promise);
        if (finalResponse && ingestUnanswered > 0) {
            ingestUnanswered--;
            if (ingestUnanswered == 0 && !held.isEmpty()) {
                promise.addListener((ChannelFutureListener) f -> drain(ctx));
            }
        }
    }

    /** Runs on the event loop: hands on what arrived while an answer was pending, then reads on. */
    private void drain(ChannelHandlerContext ctx) {
        Object msg;
        while (!querying && (msg = held.peek()) != null) {
            if (msg instanceof HttpRequest && isQuery((HttpRequest) msg) && ingestUnanswered > 0) {
                return;
            }
            held.poll();
            read(ctx, msg);
        }
        if (!querying && held.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        ctx.fireChannelInactive();
    }
}
