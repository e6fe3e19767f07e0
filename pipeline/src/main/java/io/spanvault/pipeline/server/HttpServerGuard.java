package io.spanvault.pipeline.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link ServerLimits} to one HTTP/1.1 listener: every server calls {@link #admit} first in its
 * channel initializer and adds its {@code HttpServerCodec} with {@link #addHttpCodec}, which puts the
 * timeouts around it.
 */
public final class HttpServerGuard {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServerGuard.class);

    private final ServerLimits limits;
    private final ConnectionSlots slots;
    private final String server;

    /** @param server names the listener in log lines, e.g. {@code otlp/http} */
    public HttpServerGuard(ServerLimits limits, String server) {
        this.limits = limits;
        this.slots = new ConnectionSlots(limits.maxConnections());
        this.server = server;
    }

    /**
     * Takes a connection slot for a just-accepted channel, given back when it closes; when the listener is
     * full the channel is closed at once and false returned, so the initializer adds nothing to it.
     */
    public boolean admit(Channel channel) {
        if (!slots.tryOpen()) {
            LOG.debug("{}: refusing connection from {}, max_connections ({}) reached", server,
                    channel.remoteAddress(), limits.maxConnections());
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(f -> slots.closed());
        return true;
    }

    /**
     * Adds {@code codec} at the end of the connection's pipeline (after its TLS handler, before the server's
     * own), between the handlers enforcing the read, read-header, write and idle timeouts.
     */
    public void addHttpCodec(ChannelPipeline pipeline, HttpServerCodec codec) {
        HttpConnectionTimeouts timeouts = new HttpConnectionTimeouts(limits);
        pipeline.addLast(timeouts.wireReads(), codec, timeouts);
    }

    public int openConnections() {
        return slots.open();
    }
}
