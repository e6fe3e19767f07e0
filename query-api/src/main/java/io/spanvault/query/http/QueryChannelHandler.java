package io.spanvault.query.http;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each request of a query connection to the {@link QueryResponder} on a worker thread, off the I/O
 * threads since routes read the store, and writes its answer.
 */
@ChannelHandler.Sharable
final class QueryChannelHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(QueryChannelHandler.class);

    private final QueryResponder responder;
    private final Executor workers;

    QueryChannelHandler(QueryResponder responder, Executor workers) {
        this.responder = responder;
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
        FullHttpResponse response = responder.answer(request);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("query connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
