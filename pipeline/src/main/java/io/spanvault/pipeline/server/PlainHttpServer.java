package io.spanvault.pipeline.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.cors.CorsPolicy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A one-thread HTTP/1.1 server that answers GET (and HEAD) on a few fixed paths with a body built per
 * request: the self-metrics, health and Prometheus scrape endpoints, which are scraped a few times a minute.
 * TLS, CORS and authentication come from the shared {@link ServerSecurity}.
 */
public final class PlainHttpServer implements AutoCloseable {
    /** What a route sees of a request: the formats the client accepts ({@code Accept}, empty when absent). */
    public record Request(String accept) {
    }

    /** What a path answers. */
    public record Response(int status, String contentType, String body) {
    }

    /** These servers answer GETs: a body is never needed, so the default limit is small. */
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 8192;

    private final EventLoopGroup group;
    private final ChannelGroup channels;
    private final Endpoint endpoint;

    private PlainHttpServer(EventLoopGroup group, ChannelGroup channels, Endpoint endpoint) {
        this.group = group;
        this.channels = channels;
        this.endpoint = endpoint;
    }

    /**
     * Binds {@code endpoint} (port 0 picks a free port) and serves {@code routes}, keyed by path.
     *
     * @param name   names the server's thread, e.g. {@code metrics}
     * @param limits the listener's connection limit, timeouts and body size limit
     */
    public static PlainHttpServer start(String name, Endpoint endpoint, ServerLimits limits,
            Map<String, Function<Request, Response>> routes) throws InterruptedException {
        return start(name, endpoint, limits, ServerSecurity.NONE, routes);
    }

    /**
     * As {@link #start(String, Endpoint, ServerLimits, Map)}, behind the server's shared TLS, CORS and
     * {@code auth} settings: a request without valid credentials is answered 401 before any route runs.
     */
    public static PlainHttpServer start(String name, Endpoint endpoint, ServerLimits limits, ServerSecurity security,
            Map<String, Function<Request, Response>> routes) throws InterruptedException {
        // The shared limits (connection cap, read, header, write and idle timeouts): a stuck client cannot hold sockets open.
        HttpServerGuard guard = new HttpServerGuard(limits, name);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("spanvault-" + name, true), NioIoHandler.newFactory());
        // Holds the listening channel and every accepted connection, so close() ends keep-alive clients too.
        ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!guard.admit(ch)) {
                                return;
                            }
                            channels.add(ch);
                            if (security.tls() != null) {
                                ch.pipeline().addLast(security.tls().newHandler(ch.alloc()));
                            }
                            guard.addHttpCodec(ch.pipeline(), new HttpServerCodec());
                            ch.pipeline().addLast(new BodySizeLimit(limits.maxRequestBodyBytes(DEFAULT_MAX_REQUEST_BODY_BYTES)),
                                    new RouteHandler(Map.copyOf(routes), security));
                        }
                    })
                    .bind(new InetSocketAddress(endpoint.host(), endpoint.port())).sync().channel();
            channels.add(channel);
            int port = ((InetSocketAddress) channel.localAddress()).getPort();
            return new PlainHttpServer(group, channels, endpoint.withPort(port));
        } catch (InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        } catch (Exception e) {
            // bind() rethrows java.net.BindException undeclared; name the address the operator configured.
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IllegalStateException("cannot listen on " + endpoint + " for " + name + ": " + e.getMessage(), e);
        }
    }

    /** The address bound, with the real port when 0 was asked for. */
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        channels.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class RouteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Map<String, Function<Request, Response>> routes;
        private final ServerSecurity security;

        RouteHandler(Map<String, Function<Request, Response>> routes, ServerSecurity security) {
            this.routes = routes;
            this.security = security;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            Function<Request, Response> route = routes.get(path);
            boolean head = HttpMethod.HEAD.equals(request.method());
            Response response;
            boolean preflight = CorsPolicy.isPreflight(request);
            if (!request.decoderResult().isSuccess()) {
                response = new Response(400, "text/plain; charset=utf-8", "malformed HTTP request\n");
            } else if (preflight) {
                response = new Response(204, "text/plain; charset=utf-8", "");
            } else if (!security.admits(request.headers())) {
                response = new Response(401, "text/plain; charset=utf-8", "missing or invalid credentials\n");
            } else if (route == null) {
                response = new Response(404, "text/plain; charset=utf-8", "no such path: " + path + "\n");
            } else if (!HttpMethod.GET.equals(request.method()) && !head) {
                response = new Response(405, "text/plain; charset=utf-8",
                        "method " + request.method() + " not allowed; use GET\n");
            } else {
                response = route.apply(new Request(request.headers().get(HttpHeaderNames.ACCEPT, "")));
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
            out.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            if (response.status() == 405) {
                out.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            }
            if (response.status() == 401) {
                security.challenge(out.headers());
            }
            String origin = request.headers().get(HttpHeaderNames.ORIGIN);
            if (preflight) {
                security.cors().addPreflightHeaders(request.headers(), out.headers());
            } else {
                security.cors().addResponseHeaders(origin, out.headers());
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(out);
            } else {
                ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
