package io.spanvault.pipeline.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One connection's {@link ServerLimits} timeouts, as Go's {@code http.Server} applies them:
 * <ul>
 * <li>a request head not complete within the head timeout of the request's first byte (of connecting, for
 * the first request: this bounds a TLS handshake too) — the connection is closed without an answer;
 * <li>a body not complete within {@code read_timeout} of the request's first byte, or (beyond Go) with no byte
 * for the idle timeout — answered 400 naming the key ({@link RequestBodyTimeout}), then closed;
 * <li>a response not fully written within {@code write_timeout} of its request head (a slow handler, or a
 * client that does not read) — closed, as Go's server fails the response's writes;
 * <li>a keep-alive connection with no byte of a next request within the idle timeout — closed.
 * </ul>
 *
 * <p>Sits right after the HTTP codec, seeing decoded request parts inbound and response parts outbound; its
 * {@link #wireReads()} companion sits before the codec to see when a next request's first bytes arrive. One
 * timer per connection, re-armed lazily: activity only moves timestamps.
 */
final class HttpConnectionTimeouts extends ChannelDuplexHandler {
    private final Duration readTimeout;
    private final Duration idleTimeout;
    private final long readNanos;
    private final long headNanos;
    private final long writeNanos;
    private final long idleNanos;
    /** The timer's period while no deadline applies (a response on its way without a write timeout). */
    private final long pollNanos;

    /** No request in progress: waiting for the first byte of the next one. */
    private boolean idle;
    /** A request has begun (or the connection is new) and its head is not complete yet. */
    private boolean awaitingHead = true;
    private boolean readingBody;
    /** The request being read was already answered (refused early); its body is read only to be dropped. */
    private boolean answeredEarly;
    /** Requests whose head arrived and whose response was not yet fully written. */
    private int pending;
    /** A body timed out: close once the answer is written. */
    private boolean closing;
    private boolean answerWritten;
    private long requestStart;
    private long respondingSince;
    private long lastByte;
    private long idleSince;
    private ScheduledFuture<?> timer;

    HttpConnectionTimeouts(ServerLimits limits) {
        this.readTimeout = limits.readTimeout();
        this.idleTimeout = limits.keepAliveTimeout();
        this.readNanos = readTimeout.toNanos();
        this.headNanos = limits.headTimeout().toNanos();
        this.writeNanos = limits.writeTimeout().toNanos();
        this.idleNanos = idleTimeout.toNanos();
        long shortest = Long.MAX_VALUE;
        for (long t : new long[] {readNanos, headNanos, writeNanos, idleNanos}) {
            if (t > 0) {
                shortest = Math.min(shortest, t);
            }
        }
        this.pollNanos = shortest == Long.MAX_VALUE ? 0 : shortest;
    }

    /** The handler that goes right before the HTTP codec, noting when bytes arrive. */
    ChannelHandler wireReads() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                bytesArrived();
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void bytesArrived() {
        lastByte = System.nanoTime();
        if (idle) {
            idle = false;
            awaitingHead = true;
            requestStart = lastByte;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        requestStart = System.nanoTime();
        lastByte = requestStart;
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
            awaitingHead = false;
            idle = false;
            readingBody = true;
            answeredEarly = false;
            if (pending++ == 0) {
                respondingSince = System.nanoTime();
            }
        }
        if (msg instanceof LastHttpContent) {
            readingBody = false;
            if (pending == 0) {
                becomeIdle();
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse) {
            answerWritten = true;
        }
        boolean interim = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !interim) {
            promise = promise.unvoid();
            promise.addListener(f -> responseWritten(ctx));
        }
        ctx.write(msg, promise);
    }

    private void responseWritten(ChannelHandlerContext ctx) {
        if (closing) {
            ctx.close();
            return;
        }
        pending = Math.max(0, pending - 1);
        if (pending > 0) {
            // the next pipelined request is handled from now on, as Go's server reads it only now
            respondingSince = System.nanoTime();
        } else if (readingBody) {
            answeredEarly = true;
        } else {
            becomeIdle();
        }
    }

    private void becomeIdle() {
        idle = true;
        idleSince = System.nanoTime();
    }

    private void arm(ChannelHandlerContext ctx) {
        if (timer == null && pollNanos > 0) {
            timer = ctx.executor().schedule(() -> check(ctx), pollNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isOpen() || closing) {
            return;
        }
        long now = System.nanoTime();
        long next = pollNanos;
        if (awaitingHead && headNanos > 0) {
            next = Math.min(next, headNanos - (now - requestStart));
        }
        if (idle && idleNanos > 0) {
            next = Math.min(next, idleNanos - (now - idleSince));
        }
        if (pending > 0 && writeNanos > 0) {
            next = Math.min(next, writeNanos - (now - respondingSince));
        }
        if (next <= 0) {
            ctx.close();
            return;
        }
        if (readingBody) {
            long wholeLeft = readNanos > 0 ? readNanos - (now - requestStart) : Long.MAX_VALUE;
            long stallLeft = idleNanos > 0 ? idleNanos - (now - lastByte) : Long.MAX_VALUE;
            if (wholeLeft <= 0 || stallLeft <= 0) {
                bodyTimedOut(ctx, wholeLeft <= 0 ? new RequestBodyTimeout("read_timeout", readTimeout)
                        : new RequestBodyTimeout("idle_timeout", idleTimeout));
                return;
            }
            next = Math.min(next, Math.min(wholeLeft, stallLeft));
        }
        timer = ctx.executor().schedule(() -> check(ctx), next, TimeUnit.NANOSECONDS);
    }

    /** Lets the server answer in the request's format, else answers plain text; closes once it is written. */
    private void bodyTimedOut(ChannelHandlerContext ctx, RequestBodyTimeout timeout) {
        readingBody = false;
        if (answeredEarly) {
            ctx.close();
            return;
        }
        closing = true;
        answerWritten = false;
        ctx.fireUserEventTriggered(timeout);
        if (!answerWritten) {
            FullHttpResponse response = ClosingAnswer.of(HttpResponseStatus.BAD_REQUEST, timeout.message());
            // written from here, so it does not pass this handler's write(): close on its own completion
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        // an answer slower than the write timeout still ends the connection
        if (writeNanos > 0) {
            ctx.executor().schedule(() -> ctx.close(), writeNanos, TimeUnit.NANOSECONDS);
        }
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
