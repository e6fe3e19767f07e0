package io.spanvault.query.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.server.BodySizeLimit;
import io.spanvault.pipeline.server.HttpServerGuard;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.server.ServerSecurity;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The netty HTTP/1.1 server of the query API: gzip (or deflate) when the client accepts it, requests handled
 * on a worker group apart from the I/O threads so a slow store read never stalls other connections. TLS,
 * CORS and authentication come from the shared server settings ({@link ServerSecurity}); {@link HostAllowList}
 * guards a loopback server against DNS rebinding.
 */
public final class QueryHttpServer implements AutoCloseable {
    /** The largest body unless {@code max_request_body_size} says: a trace file uploaded to {@code POST /api/transform}. */
    public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
    /** Other requests carry no body; one that declares more than this is a 413 before it is read. */
    private static final int MAX_OTHER_BODY_BYTES = 64 * 1024;
    /** Room for searches that list many trace ids ({@code ?traceID=…&traceID=…}), as the UI's trace comparison. */
    private static final int MAX_URI_BYTES = 64 * 1024;
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final Router router;
    private final String basePath;
    private final ServerSecurity security;
    private final HostAllowList hosts;
    private final HttpServerGuard guard;
    private final int maxBodyBytes;
    private EventLoopGroup boss;
    private EventLoopGroup io;
    private ExecutorService workers;
    private Channel channel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    public QueryHttpServer(Router router, String basePath, ServerSecurity security, HostAllowList hosts,
            ServerLimits limits) {
        this.router = router;
        this.basePath = basePath;
        this.security = security;
        this.hosts = hosts;
        this.guard = new HttpServerGuard(limits, "query");
        this.maxBodyBytes = limits.maxRequestBodyBytes(DEFAULT_MAX_REQUEST_BODY_BYTES);
    }

    /** Plain HTTP for any {@code Host}, without CORS or authentication, with the default listener limits. */
    public QueryHttpServer(Router router, String basePath) {
        this(router, basePath, ServerSecurity.NONE, HostAllowList.any(), ServerLimits.DEFAULT);
    }

    /** Binds and returns the bound address (the real port when {@code endpoint} asks for port 0). */
    public InetSocketAddress start(Endpoint endpoint) throws InterruptedException {
        boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        io = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        // More workers than cores, so a slow search does not hold up trace loads queued behind it.
        workers = Executors.newFixedThreadPool(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()),
                workerThreads());
        QueryChannelHandler handler = new QueryChannelHandler(new QueryResponder(router, basePath, security, hosts),
                workers);
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, io).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!guard.admit(ch)) {
                            return;
                        }
                        connections.add(ch);
                        if (security.tls() != null) {
                            ch.pipeline().addLast(security.tls().newHandler(ch.alloc()));
                        }
                        guard.addHttpCodec(ch.pipeline(), new HttpServerCodec(MAX_URI_BYTES, MAX_HEADER_BYTES, 8192));
                        ch.pipeline().addLast(new HttpContentCompressor(),
                                new BodyAggregator(maxBodyBytes), handler);
                    }
                });
        try {
            channel = bootstrap.bind(endpoint.host(), endpoint.port()).sync().channel();
        } catch (InterruptedException e) {
            close();
            throw e;
        } catch (Exception e) {
            // netty rethrows the bind failure (a checked BindException) undeclared; name the address it was for.
            close();
            throw new IllegalStateException("cannot listen on " + endpoint + ": " + e.getMessage(), e);
        }
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        // Connections close before their threads stop, so no pipeline is torn down on a stopped executor.
        connections.close().awaitUninterruptibly();
        if (workers != null) {
            workers.shutdown();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (EventExecutorGroup group : new EventExecutorGroup[] {boss, io}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }

    /** Aggregates bodies up to the upload size for POST, and refuses large declared bodies on other methods. */
    private static final class BodyAggregator extends BodySizeLimit {
        BodyAggregator(int maxBytes) {
            super(maxBytes);
        }

        @Override
        protected boolean isContentLengthInvalid(HttpMessage start, int maxContentLength) {
            boolean post = start instanceof HttpRequest r && r.method().equals(HttpMethod.POST);
            return HttpUtil.getContentLength(start, -1L) > (post ? maxContentLength
                    : Math.min(maxContentLength, MAX_OTHER_BODY_BYTES));
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "query-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
