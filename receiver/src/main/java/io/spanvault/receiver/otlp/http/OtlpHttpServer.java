package io.spanvault.receiver.otlp.http;

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
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.spanvault.pipeline.admission.Admission;
import io.spanvault.pipeline.server.HttpServerGuard;
import io.spanvault.receiver.otlp.ExportHandler;
import io.spanvault.receiver.otlp.HttpServerConfig;
import io.spanvault.receiver.otlp.OtlpService;
import io.spanvault.receiver.otlp.TlsServerConfig;
import java.io.File;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OTLP over HTTP/1.1: POST of protobuf or JSON export requests to one path per signal. */
public final class OtlpHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpServer.class);
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 16 * 1024;
    private static final int MAX_CHUNK_SIZE = 64 * 1024;
    /** How long closing waits for requests already in the pipeline to be answered. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

    private final HttpServerConfig config;
    private final Map<String, HttpRoute> routes = new LinkedHashMap<>();
    private final CorsPolicy cors;
    private final SslContext ssl;
    private final String receiverId;
    private final InFlightExports inFlight = new InFlightExports();
    private final Admission admission;
    private final HttpServerGuard guard;
    private EventLoopGroup acceptor;
    private EventLoopGroup workers;
    private ExecutorService exports;
    private Channel channel;

    public OtlpHttpServer(HttpServerConfig config, List<ExportHandler<?, ?>> handlers, String receiverId,
            Admission admission) throws SSLException {
        this.config = config;
        this.admission = admission;
        this.guard = new HttpServerGuard(config.limits(), receiverId + "/http");
        this.receiverId = receiverId;
        for (OtlpService<?, ?> service : OtlpService.all()) {
            ExportHandler<?, ?> handler = handlers.stream().filter(h -> h.service() == service).findFirst()
                    .orElse(null);
            routes.put(path(service), new HttpRoute(service, handler));
        }
        this.cors = config.cors() == null ? null : new CorsPolicy(config.cors());
        this.ssl = config.tls() == null ? null : sslContext(config.tls());
    }

    private String path(OtlpService<?, ?> service) {
        if (service == OtlpService.TRACES) {
            return config.tracesUrlPath();
        }
        return service == OtlpService.METRICS ? config.metricsUrlPath() : config.logsUrlPath();
    }

    private static SslContext sslContext(TlsServerConfig tls) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(new File(tls.certFile()), new File(tls.keyFile()));
        if (tls.requiresClientCertificate()) {
            builder.trustManager(new File(tls.clientCaFile())).clientAuth(ClientAuth.REQUIRE);
        }
        return builder.build();
    }

    public void start() throws InterruptedException {
        acceptor = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("otlp-http-accept", true),
                NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("otlp-http", true),
                NioIoHandler.newFactory());
        exports = Executors.newCachedThreadPool(new DefaultThreadFactory("otlp-http-export", true));
        int limit = Math.toIntExact(config.maxRequestBodySize());
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
                            if (ssl != null) {
                                p.addLast(ssl.newHandler(ch.alloc()));
                            }
                            p.addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE));
                            p.addLast(guard.newTimeouts());
                            p.addLast(new OtlpHttpHandler(routes, cors, limit, exports, receiverId, inFlight,
                                    admission));
                        }
                    })
                    .bind(new InetSocketAddress(config.endpoint().host(), config.endpoint().port()))
                    .sync().channel();
        } catch (Exception e) {
            // also a bind failure, which Netty throws undeclared
            close();
            throw e;
        }
    }

    /** The address the server listens on, with the OS-chosen port when configured with port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Stops accepting connections, answers the requests the pipeline is working on, then closes the rest. */
    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
            try {
                if (!inFlight.awaitNone(DRAIN_TIMEOUT)) {
                    LOG.warn("closing OTLP/HTTP with requests still in the pipeline after {}", DRAIN_TIMEOUT);
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
