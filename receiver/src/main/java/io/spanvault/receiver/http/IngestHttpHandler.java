package io.spanvault.receiver.http;

import com.google.rpc.Code;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.spanvault.pipeline.admission.Admission;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.cors.CorsPolicy;
import io.spanvault.pipeline.server.RequestBodyTimeout;
import io.spanvault.pipeline.server.ServerSecurity;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's ingest requests (OTLP/HTTP, Zipkin), one at a time: while a request waits for the pipeline, what
 * arrives after it is held and the channel stops reading, so a pipelined next request waits its turn,
 * responses keep their order, and a slow pipeline slows its senders down.
 *
 * <p>Checks that need only the head (path, method, content type and encoding, declared length) are answered
 * before the body is read; the body is then discarded. Decoding and the pipeline run on {@code executor},
 * off the event loop, unless the route's pipeline never blocks its caller: then on the event loop, saving
 * a thread hand-off and wake-up per request.
 */
final class IngestHttpHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(IngestHttpHandler.class);
    /** The delay suggested when the refusing component does not name one. */
    private static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    /** The answer when even building an answer failed: static, so it needs no memory then. */
    private static final FullHttpResponse UNAVAILABLE = text(HttpResponseStatus.SERVICE_UNAVAILABLE,
            "the receiver cannot answer this request now; retry later");
    /** How much of a body refused for its content is read before the connection is closed anyway. */
    private static final long MAX_LINGER_BYTES = 4L << 20;

    private final Map<String, IngestRoute> routes;
    private final ServerSecurity security;
    private final CorsPolicy cors;
    private final int limit;
    private final Executor executor;
    private final String receiverId;
    private final InFlightExports inFlight;
    private final Admission admission;

    private RequestBody body;
    /** The admission share of the request being read; handed to the export once the body is in. */
    private Admission.Reservation reservation;
    private IngestCodec codec;
    private boolean keepAlive;
    private String origin;
    private boolean discarding;
    private boolean awaitingContinue;
    /** Bytes of a refused body still read, so the client gets to read the answer before the connection closes. */
    private long lingered = -1;
    private long lingerLimit;
    private boolean exporting;
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    IngestHttpHandler(Map<String, IngestRoute> routes, ServerSecurity security, int limit, Executor executor, String receiverId,
            InFlightExports inFlight, Admission admission) {
        this.routes = routes;
        this.admission = admission;
        this.inFlight = inFlight;
        this.security = security;
        this.cors = security.cors();
        this.limit = limit;
        this.executor = executor;
        this.receiverId = receiverId;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exporting) {
            // a pipelined request: held until the pipeline answered, and reading stops until then. Only now:
            // a client that waits for each answer (all OTLP exporters do) never costs the two epoll
            // registrations per request that pausing every connection during every export would.
            held.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        handle(ctx, msg);
    }

    private void handle(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpRequest request) {
                onRequest(ctx, request);
            }
            if (msg instanceof HttpContent content) {
                onContent(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** Runs on the event loop once the response of an exported request is written. */
    private void resume(ChannelHandlerContext ctx) {
        exporting = false;
        Object msg;
        while (!exporting && (msg = held.poll()) != null) {
            handle(ctx, msg);
        }
        if (!exporting && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        releaseBody();
        discarding = true;
        codec = null;
        lingered = -1;
        // a client waiting for "100 Continue" may never send the body: close after an early answer
        awaitingContinue = HttpUtil.is100ContinueExpected(request);
        keepAlive = HttpUtil.isKeepAlive(request) && !awaitingContinue;
        origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (request.decoderResult().isFailure()) {
            keepAlive = false;
            respondText(ctx, HttpResponseStatus.BAD_REQUEST,
                    "malformed HTTP request: " + request.decoderResult().cause().getMessage());
            return;
        }
        String uri = request.uri();
        int query = uri.indexOf('?');
        String path = query < 0 ? uri : uri.substring(0, query);
        IngestRoute route = routes.get(path);
        if (route == null) {
            respondText(ctx, HttpResponseStatus.NOT_FOUND, "nothing at " + path + "; receiver " + receiverId
                    + " serves " + String.join(", ", routes.keySet()));
            return;
        }
        if (request.method().equals(HttpMethod.OPTIONS) && cors.enabled()) {
            FullHttpResponse preflight = text(HttpResponseStatus.NO_CONTENT, "");
            cors.addPreflightHeaders(request.headers(), preflight.headers());
            send(ctx, preflight);
            return;
        }
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (!security.admits(request.headers())) {
            // in the request's own format where it has one; the body is never decoded
            IngestCodec format = route.codec(contentType);
            String why = "missing or invalid credentials for receiver " + receiverId;
            FullHttpResponse refused = format == null ? text(HttpResponseStatus.UNAUTHORIZED, why)
                    : format.error(HttpResponseStatus.UNAUTHORIZED, Code.UNAUTHENTICATED, why);
            security.challenge(refused.headers());
            refuseBody(ctx, refused, null, MAX_LINGER_BYTES);
            return;
        }
        if (!request.method().equals(HttpMethod.POST)) {
            FullHttpResponse response = text(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method " + request.method() + " is not allowed on " + path + "; use POST");
            response.headers().set(HttpHeaderNames.ALLOW, cors.enabled() ? "POST, OPTIONS" : "POST");
            send(ctx, response);
            return;
        }
        IngestCodec requestCodec = route.codec(contentType);
        if (requestCodec == null) {
            respondText(ctx, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content type '" + contentType
                    + "' on " + path + "; use " + route.acceptedTypes());
            return;
        }
        String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        ContentCoding coding = ContentCoding.of(encoding);
        if (coding == null) {
            respondText(ctx, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported content encoding '" + encoding
                    + "'; use " + ContentCoding.ACCEPTED);
            return;
        }
        codec = requestCodec;
        if (route.unavailable() != null) {
            respondStatus(ctx, HttpResponseStatus.NOT_FOUND, Code.UNIMPLEMENTED, "receiver " + receiverId
                    + " " + route.unavailable());
            return;
        }
        long declared = HttpUtil.getContentLength(request, -1L);
        if (coding == ContentCoding.IDENTITY && declared > limit) {
            refuseBody(ctx, tooLarge(), null, MAX_LINGER_BYTES);
            return;
        }
        reservation = admission.open();
        if (declared > 0 && !reservation.holding(declared)) {
            // refused before a byte of the body is held: the declared length alone does not fit
            refuseBody(ctx, overloaded(codec, reservation.refusal()), null, limit);
            releaseBody();
            return;
        }
        if (awaitingContinue) {
            awaitingContinue = false;
            keepAlive = HttpUtil.isKeepAlive(request);
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        body = new RequestBody(ctx.alloc(), coding, limit);
        discarding = false;
    }

    private void onContent(ChannelHandlerContext ctx, HttpContent content) {
        if (discarding) {
            if (lingered >= 0) {
                linger(ctx, content);
            }
            return;
        }
        if (content.decoderResult().isFailure()) {
            releaseBody();
            discarding = true;
            keepAlive = false;
            respondStatus(ctx, HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
                    "malformed HTTP body: " + content.decoderResult().cause().getMessage());
            return;
        }
        boolean withinLimit;
        try {
            withinLimit = body.append(content.content());
        } catch (ZipException e) {
            releaseBody();
            discarding = true;
            refuseBody(ctx, codec.error(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT,
                    "request body cannot be decompressed: " + e.getMessage()), content, MAX_LINGER_BYTES);
            return;
        }
        if (!withinLimit) {
            releaseBody();
            discarding = true;
            refuseBody(ctx, tooLarge(), content, MAX_LINGER_BYTES);
            return;
        }
        if (!reservation.holding(body.heldBytes())) {
            FullHttpResponse refused = overloaded(codec, reservation.refusal());
            releaseBody();
            discarding = true;
            refuseBody(ctx, refused, content, limit);
            return;
        }
        if (content instanceof LastHttpContent) {
            RequestBody complete = body;
            Admission.Reservation share = reservation;
            body = null;
            reservation = null;
            discarding = true;
            exporting = true;
            inFlight.started();
            export(ctx, codec, complete, share, keepAlive, origin);
        }
    }

    private void export(ChannelHandlerContext ctx, IngestCodec codec, RequestBody complete,
            Admission.Reservation share, boolean keepAlive, String origin) {
        Runnable task = () -> {
            CompletionStage<FullHttpResponse> result;
            try (complete) {
                result = decodeAndIngest(codec, complete, share);
            } catch (IOException e) {
                result = CompletableFuture.failedFuture(new PermanentException(
                        "request body cannot be decompressed: " + e.getMessage(), e));
            } catch (Throwable e) {
                // an Error too (OutOfMemoryError above all): the request is answered whatever happened
                result = CompletableFuture.failedFuture(e);
            }
            result.whenComplete((response, failure) -> answer(ctx, codec, response, failure, share, keepAlive,
                    origin));
        };
        if (!codec.blocksCaller()) {
            // a pipeline that never holds its caller runs right here: no hand-off to the executor and back
            task.run();
            return;
        }
        try {
            executor.execute(task);
        } catch (Throwable e) {
            answer(ctx, codec, null, e, share, keepAlive, origin);
        }
    }

    private void answer(ChannelHandlerContext ctx, IngestCodec codec, FullHttpResponse response, Throwable failure,
            Admission.Reservation share, boolean keepAlive, String origin) {
        share.close();
        FullHttpResponse out;
        boolean keepOpen = keepAlive;
        try {
            out = failure == null ? response : failureResponse(codec, failure);
        } catch (Throwable e) {
            // never leave the client (and this connection's reading) waiting for an answer
            LOG.warn("cannot build the ingest response", e);
            out = UNAVAILABLE.retainedDuplicate();
            keepOpen = false;
        }
        send(ctx, out, keepOpen, origin, true);
    }

    private static CompletionStage<FullHttpResponse> decodeAndIngest(IngestCodec codec, RequestBody complete,
            Admission.Reservation share) throws IOException {
        ByteBuf decoded = complete.decoded();
        try {
            String refusal = share.decoding(complete.wireBytes(), complete.heldBytes(),
                    codec.decodedEstimate(decoded));
            if (refusal != null) {
                return CompletableFuture.failedFuture(new Overloaded("request not decoded: " + refusal));
            }
            return codec.ingest(decoded);
        } finally {
            decoded.release();
        }
    }

    private FullHttpResponse failureResponse(IngestCodec codec, Throwable thrown) {
        Throwable failure = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause()
                : thrown;
        if (failure instanceof Overloaded overloaded) {
            return overloaded(codec, overloaded.getMessage());
        }
        if (failure instanceof Error error) {
            LOG.warn("answering an ingest request 503 after {}", error.toString());
            return retryLater(codec.error(HttpResponseStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE,
                    "the receiver failed: " + error), DEFAULT_RETRY_DELAY);
        }
        ConsumerException refused = ConsumerException.of(failure);
        String message = refused.getMessage() != null ? refused.getMessage() : refused.getClass().getSimpleName();
        if (refused instanceof PermanentException) {
            return codec.error(HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, message);
        }
        RetryableException retryable = (RetryableException) refused;
        Duration delay = retryable.retryAfter().orElse(DEFAULT_RETRY_DELAY);
        if (retryable.throttling()) {
            return retryLater(codec.error(HttpResponseStatus.TOO_MANY_REQUESTS, Code.RESOURCE_EXHAUSTED, message),
                    delay);
        }
        return retryLater(codec.error(HttpResponseStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE, message), delay);
    }

    /** 429 with Retry-After: the receiver's admission limit is reached, the sender should slow down. */
    private static FullHttpResponse overloaded(IngestCodec codec, String why) {
        return retryLater(codec.error(HttpResponseStatus.TOO_MANY_REQUESTS, Code.RESOURCE_EXHAUSTED, why),
                DEFAULT_RETRY_DELAY);
    }

    private static FullHttpResponse retryLater(FullHttpResponse response, Duration delay) {
        response.headers().set(HttpHeaderNames.RETRY_AFTER, Math.max(1, (delay.toMillis() + 999) / 1000));
        return response;
    }

    private FullHttpResponse tooLarge() {
        return codec.error(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Code.RESOURCE_EXHAUSTED,
                "request body is larger than max_request_body_size (" + limit + " bytes)");
    }

    /**
     * Answers a request whose body is refused before it was all read, and closes the connection, since the
     * rest of the body may be huge. Closing while the client still sends would reset the connection before
     * it reads the answer, so the body is read on (and dropped) for a while first; a client waiting for
     * "100 Continue" sends nothing more, so its connection closes at once.
     */
    private void refuseBody(ChannelHandlerContext ctx, FullHttpResponse response, HttpContent current,
            long maxLinger) {
        keepAlive = false;
        lingerLimit = maxLinger;
        if (awaitingContinue) {
            send(ctx, response);
            return;
        }
        prepare(response, false, origin);
        ctx.writeAndFlush(response);
        lingered = 0;
        if (current != null) {
            linger(ctx, current);
        }
    }

    private void linger(ChannelHandlerContext ctx, HttpContent content) {
        lingered += content.content().readableBytes();
        if (content instanceof LastHttpContent || lingered > lingerLimit) {
            lingered = -1;
            ctx.close();
        }
    }

    private void respondStatus(ChannelHandlerContext ctx, HttpResponseStatus status, Code code, String message) {
        send(ctx, codec == null ? text(status, message) : codec.error(status, code, message));
    }

    private void respondText(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
        send(ctx, text(status, message));
    }

    private void send(ChannelHandlerContext ctx, FullHttpResponse response) {
        send(ctx, response, keepAlive, origin, false);
    }

    /** Writes the response; {@code exported} for a request that paused reading while the pipeline ran. */
    private void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepOpen, String origin,
            boolean exported) {
        prepare(response, keepOpen, origin);
        var written = ctx.writeAndFlush(response);
        if (exported) {
            written.addListener(f -> inFlight.finished());
        }
        if (!keepOpen) {
            written.addListener(ChannelFutureListener.CLOSE);
        } else if (exported) {
            written.addListener(f -> resume(ctx));
        }
    }

    private void prepare(FullHttpResponse response, boolean keepOpen, String origin) {
        cors.addResponseHeaders(origin, response.headers());
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepOpen);
    }

    private static FullHttpResponse text(HttpResponseStatus status, String message) {
        return PlainText.response(status, message);
    }

    private void releaseBody() {
        if (body != null) {
            body.close();
            body = null;
        }
        if (reservation != null) {
            reservation.close();
            reservation = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseBody();
        held.forEach(ReferenceCountUtil::release);
        held.clear();
        ctx.fireChannelInactive();
    }

    /** A body cut off by a read or idle timeout is answered 400 in the request's format, as the collector does. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof RequestBodyTimeout timeout && body != null) {
            releaseBody();
            discarding = true;
            keepAlive = false;
            respondStatus(ctx, HttpResponseStatus.BAD_REQUEST, Code.INVALID_ARGUMENT, timeout.message());
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing ingest connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        releaseBody();
        ctx.close();
    }

    /** A request refused by admission control, answered 429 with Retry-After. */
    private static final class Overloaded extends RuntimeException {
        Overloaded(String message) {
            super(message, null, false, false);
        }
    }
}
