package io.spanvault.receiver.otlp.grpc;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.spanvault.pipeline.server.ConnectionSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code max_connections} on gRPC's listening channel: gRPC has no hook between accepting a connection and
 * serving it, so this handler, first in the listening channel's pipeline, sees every accepted connection
 * before gRPC does and closes those past the limit while the others are still served. Being a handler rather
 * than a subclass of one channel type, it works on whichever transport the server runs (epoll or NIO).
 */
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);

    private final ConnectionSlots slots;

    ConnectionLimiter(ConnectionSlots slots) {
        this.slots = slots;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (slots.tryOpen()) {
            child.closeFuture().addListener(f -> slots.closed());
            ctx.fireChannelRead(child);
            return;
        }
        LOG.debug("refusing gRPC connection from {}: max_connections reached", child.remoteAddress());
        child.unsafe().closeForcibly();
    }
}
