package io.spanvault.receiver.otlp.grpc;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.spanvault.pipeline.server.ConnectionSlots;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gRPC's listening channel with {@code max_connections}: gRPC has no hook between accepting a connection and
 * serving it, so the accept itself closes connections past the limit while the others are still served.
 */
final class ConnectionLimitedServerChannel extends NioServerSocketChannel {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitedServerChannel.class);

    private final ConnectionSlots slots;

    ConnectionLimitedServerChannel(ConnectionSlots slots) {
        this.slots = slots;
    }

    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
        int before = buf.size();
        int accepted = super.doReadMessages(buf);
        for (int i = buf.size() - 1; i >= before; i--) {
            Channel child = (Channel) buf.get(i);
            if (slots.tryOpen()) {
                child.closeFuture().addListener(f -> slots.closed());
            } else {
                LOG.debug("refusing gRPC connection from {}: max_connections reached", child.remoteAddress());
                buf.remove(i);
                child.unsafe().closeForcibly();
                accepted--;
            }
        }
        return accepted;
    }
}
