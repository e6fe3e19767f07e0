package io.spanvault.pipeline.server;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Aggregates a request body up to the server's {@code max_request_body_size}; a larger one (declared, or as
 * it arrives) is answered 413 with a message naming the limit, and the connection closed, since the rest of
 * the body would still be on its way.
 */
public class BodySizeLimit extends HttpObjectAggregator {
    public BodySizeLimit(int maxBytes) {
        super(maxBytes);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        FullHttpResponse response = ClosingAnswer.of(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                "request body larger than max_request_body_size (" + maxContentLength() + " bytes)");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
