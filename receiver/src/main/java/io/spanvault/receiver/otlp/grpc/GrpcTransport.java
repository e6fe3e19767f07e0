package io.spanvault.receiver.otlp.grpc;

import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.IoHandlerFactory;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.function.Supplier;

/**
 * The network transport of the gRPC server: Linux's epoll through the native library grpc-netty-shaded ships
 * (what grpc-java itself picks by default), else Java's NIO. Epoll costs fewer system calls and less garbage
 * per read and write than NIO's selector, which counts at thousands of requests a second.
 */
enum GrpcTransport {
    EPOLL(EpollIoHandler::newFactory, EpollServerSocketChannel::new),
    NIO(NioIoHandler::newFactory, NioServerSocketChannel::new);

    private final Supplier<IoHandlerFactory> ioHandlers;
    private final Supplier<ServerChannel> serverChannels;

    GrpcTransport(Supplier<IoHandlerFactory> ioHandlers, Supplier<ServerChannel> serverChannels) {
        this.ioHandlers = ioHandlers;
        this.serverChannels = serverChannels;
    }

    /** Epoll where its native library loads on this machine, NIO elsewhere. */
    static GrpcTransport available() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** {@code threads} event loops (0: Netty's default, two per core) named {@code name-N-M}. */
    EventLoopGroup eventLoops(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), ioHandlers.get());
    }

    /** A listening channel whose pipeline starts with {@code first}. */
    ServerChannel serverChannel(ConnectionLimiter first) {
        ServerChannel channel = serverChannels.get();
        // as Java's server sockets do by default and Netty's epoll does not: a restart right after a crash
        // must not fail to bind while the old connections linger in TIME_WAIT
        channel.config().setOption(ChannelOption.SO_REUSEADDR, true);
        channel.pipeline().addLast(first);
        return channel;
    }
}
