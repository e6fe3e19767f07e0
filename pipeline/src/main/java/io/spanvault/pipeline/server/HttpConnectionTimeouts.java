package io.spanvault.pipeline.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that holds resources without doing anything: no complete request head within the
 * read-header timeout of connecting; no new request within the idle timeout of the last response; a body
 * with no byte for the idle timeout. A request the server is still working on (head and body in, response
 * not yet written) is never timed out here, so a slow pipeline is not mistaken for an idle client.
 *
 * <p>Sits right after the HTTP codec, seeing decoded request parts inbound and response parts outbound. One
 * timer per connection, re-armed lazily: activity only moves a timestamp.
 */
final class HttpConnectionTimeouts extends ChannelDuplexHandler {
    private final long readHeaderNanos;
    private final long idleNanos;
    /** Requests whose head arrived and whose response was not yet fully written. */
    private int pending;
    private boolean readingBody;
    private boolean servedOne;
    private long since;
    private ScheduledFuture<?> timer;

    HttpConnectionTimeouts(Duration readHeaderTimeout, Duration idleTimeout) {
        this.readHeaderNanos = readHeaderTimeout.toNanos();
        this.idleNanos = idleTimeout.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        since = System.nanoTime();
        if (ctx.channel().isActive()) {
            arm(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        arm(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest) {
            pending++;
            readingBody = true;
        }
        if (msg instanceof HttpContent) {
            readingBody = !(msg instanceof LastHttpContent);
        }
        since = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean interim = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !interim) {
            promise.addListener(f -> {
                pending = Math.max(0, pending - 1);
                servedOne = true;
                since = System.nanoTime();
            });
        }
        ctx.write(msg, promise);
    }

    /** How long the connection may stay as it is now; 0 for no limit. */
    private long allowedNanos() {
        if (readingBody) {
            return idleNanos;
        }
        if (pending > 0) {
            return 0;
        }
        return servedOne ? idleNanos : readHeaderNanos;
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer != null || (readHeaderNanos == 0 && idleNanos == 0)) {
            return;
        }
        timer = ctx.executor().schedule(() -> check(ctx), shortestTimeout(), TimeUnit.NANOSECONDS);
    }

    private long shortestTimeout() {
        if (readHeaderNanos == 0 || idleNanos == 0) {
            return Math.max(readHeaderNanos, idleNanos);
        }
        return Math.min(readHeaderNanos, idleNanos);
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isOpen()) {
            return;
        }
        long allowed = allowedNanos();
        long left = allowed == 0 ? shortestTimeout() : allowed - (System.nanoTime() - since);
        if (left <= 0) {
            ctx.close();
            return;
        }
        timer = ctx.executor().schedule(() -> check(ctx), left, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        ctx.fireChannelInactive();
    }
}
