package io.spanvault.receiver.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.spanvault.pipeline.admission.Admission;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.server.HttpServerGuard;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.server.ServerSecurity;
import io.spanvault.pipeline.server.SharedQueryRoutes;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/1.1 server that takes POSTed bodies on a few paths and hands each to its {@link IngestRoute}: the
 * Netty setup, the shared TLS, CORS and auth settings ({@link ServerSecurity}), body limits and draining that every ingest protocol (OTLP/HTTP, Zipkin) shares.
 */
public final class IngestHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestHttpServer.class);
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int MAX_CHUNK_SIZE = 64 * 1024;
    /** How long closing waits for requests already in the pipeline to be answered. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final Endpoint endpoint;
    private final int limit;
    private final Map<String, IngestRoute> routes;
    private final String threadName;
    private final ServerSecurity security;
    private final String receiverId;
    private final InFlightExports inFlight = new InFlightExports();
    private final Admission admission;
    private final HttpServerGuard guard;
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private ExecutorService exports;
    private Channel channel;
    private SharedQueryRoutes sharedQueries;

    /**
     * @param maxRequestBodySize the largest body taken, in bytes after decompression
     * @param limits             the listener's timeouts and connection limit
     * @param admission          the memory budget of the requests in flight, shared with the receiver's other servers
     * @param routes             path → route, in the order the 404 answer lists them
     * @param serverName         the server in logs and limits, e.g. {@code otlp/http}
     * @param threadName         prefix of the server's thread names, e.g. {@code otlp-http}
     */
    public IngestHttpServer(Endpoint endpoint, long maxRequestBodySize, ServerSecurity security,
            ServerLimits limits, Admission admission, Map<String, IngestRoute> routes, String receiverId,
            String serverName, String threadName) {
        this.endpoint = endpoint;
        this.limit = Math.toIntExact(maxRequestBodySize);
        this.routes = new LinkedHashMap<>(routes);
        this.admission = admission;
        this.guard = new HttpServerGuard(limits, serverName);
        this.receiverId = receiverId;
        this.threadName = threadName;
        this.security = security;
    }

    /** Before {@link #start()}: also answer GET and HEAD of these routes on this port. */
    public void alsoServe(SharedQueryRoutes queries) {
        this.sharedQueries = queries;
    }

    public void start() throws InterruptedException {
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName + "-accept", true),
                NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory(threadName, true),
                NioIoHandler.newFactory());
        exports = Executors.newCachedThreadPool(new DefaultThreadFactory(threadName + "-export", true));
        try {
            channel = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!guard.admit(ch)) {
                                return;
                            }
                            ChannelPipeline p = ch.pipeline();
                            if (security.tls() != null) {
                                p.addLast(security.tls().newHandler(ch.alloc()));
                            }
                            guard.addHttpCodec(p, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
                            if (sharedQueries != null) {
                                p.addLast(new SharedQueryHandler(sharedQueries, exports));
                            }
                            p.addLast(new IngestHttpHandler(routes, security, limit, exports, receiverId, inFlight,
                                    admission));
                        }
                    })
                    .bind(new InetSocketAddress(endpoint.host(), endpoint.port()))
                    .sync().channel();
        } catch (Exception e) {
            // also a bind failure, which Netty throws undeclared and without the address
            close();
            if (e instanceof java.net.BindException) {
                throw new IllegalStateException("cannot listen on " + endpoint + ": " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** The address the server listens on, with the OS-chosen port when configured with port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting connections; requests on open connections are still taken and answered. */
    public void stopAccepting() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
    }

    /** Stops accepting connections, answers the requests the pipeline is working on, then closes the rest. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            try {
                if (!inFlight.awaitNone(DRAIN_TIMEOUT)) {
                    LOG.warn("closing {} with requests still in the pipeline after {}", threadName, DRAIN_TIMEOUT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (exports != null) {
            exports.shutdown();
        }
    }
}
