package io.spanvault.pipeline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared listener limits on a minimal HTTP server, driven over real sockets. */
class HttpServerGuardTest {
    private static final Duration SHORT = Duration.ofMillis(400);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final int BIG = 64 << 20;

    private EventLoopGroup group;
    private Channel server;
    private HttpServerGuard guard;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        int port = start(new ServerLimits(Duration.ofSeconds(30), SHORT, null));
        try (Socket socket = connect(port)) {
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(readAvailable(socket).startsWith("HTTP/1.1 200"));
            long start = System.nanoTime();
            assertEquals(-1, socket.getInputStream().read(), "the server closes the idle connection");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= SHORT.toMillis() - 50 && waited < 5000, "closed after " + waited + " ms");
        }
    }

    @Test
    void aHeadThatNeverCompletesIsClosedAfterTheReadHeaderTimeout() throws Exception {
        int port = start(new ServerLimits(SHORT, Duration.ofSeconds(30), null));
        try (Socket socket = connect(port)) {
            long start = System.nanoTime();
            // slowloris: a byte of header now and then, never the blank line
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n");
            InputStream in = socket.getInputStream();
            int read = 0;
            while (read != -1 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
                try {
                    send(socket, "X");
                } catch (IOException closed) {
                    break;
                }
                try {
                    read = in.read();
                } catch (SocketTimeoutException e) {
                    read = 0;
                }
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited < 5000, "the connection was still open after " + waited + " ms");
        }
    }

    @Test
    void aBodyThatStopsArrivingIsAnswered400AndClosedAfterTheIdleTimeout() throws Exception {
        int port = start(new ServerLimits(Duration.ofSeconds(30), SHORT, null));
        try (Socket socket = connect(port)) {
            send(socket, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc");
            long start = System.nanoTime();
            String answer = readAll(socket);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("idle_timeout (400ms)"), answer);
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void aBodyNotCompleteWithinTheReadTimeoutIsAnswered400NamingTheKey() throws Exception {
        int port = start(new ServerLimits(SHORT, LONG, LONG, LONG, null, null));
        try (Socket socket = connect(port)) {
            long start = System.nanoTime();
            send(socket, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n");
            // a byte every 50 ms: never idle, but the whole body would take 5 s
            String answer = "";
            for (int i = 0; i < 100 && answer.isEmpty(); i++) {
                try {
                    send(socket, "a");
                } catch (IOException reset) {
                    break;
                }
                Thread.sleep(50);
                if (socket.getInputStream().available() > 0) {
                    answer = readAll(socket);
                }
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.contains("request body not received within read_timeout (400ms)"), answer);
            assertTrue(waited >= SHORT.toMillis() - 50 && waited < 4000, "answered after " + waited + " ms");
        }
    }

    @Test
    void withoutAReadHeaderTimeoutTheReadTimeoutBoundsTheHead() throws Exception {
        int port = start(new ServerLimits(SHORT, Duration.ZERO, LONG, LONG, null, null));
        try (Socket socket = connect(port)) {
            send(socket, "GET / HTTP/1.1\r\n");
            assertClosedAfter(socket, SHORT);
        }
    }

    @Test
    void aResponseNotWrittenWithinTheWriteTimeoutEndsTheConnection() throws Exception {
        int port = start(new ServerLimits(LONG, LONG, SHORT, LONG, null, null));
        try (Socket socket = connect(port)) {
            send(socket, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            assertClosedAfter(socket, SHORT);
        }
    }

    @Test
    void aClientThatDoesNotReadItsResponseIsCutOffAfterTheWriteTimeout() throws Exception {
        int port = start(new ServerLimits(LONG, LONG, SHORT, LONG, null, null));
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(5000);
            send(socket, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n");
            Thread.sleep(SHORT.toMillis() * 3);
            long received = 0;
            byte[] buffer = new byte[1 << 16];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                    received += n;
                }
            } catch (SocketException reset) {
                // the server closed with unread data on its side: a reset, as Go's server gives
            }
            assertTrue(received < BIG, "the whole response arrived: " + received + " bytes");
        }
    }

    @Test
    void requestsWithinTheTimeoutsAreServedAndANextRequestHasItsOwnHeadTimeout() throws Exception {
        int port = start(new ServerLimits(SHORT, SHORT, SHORT, SHORT, null, null));
        try (Socket socket = connect(port)) {
            for (int i = 0; i < 3; i++) {
                send(socket, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
                assertTrue(readAvailable(socket).startsWith("HTTP/1.1 200"));
                Thread.sleep(SHORT.toMillis() / 2);
            }
            // the head of the next request starts its own clock: idle, then head, each within its timeout
            send(socket, "GET / HTTP/1.1\r\n");
            Thread.sleep(SHORT.toMillis() * 3 / 4);
            send(socket, "Host: x\r\n\r\n");
            assertTrue(readAvailable(socket).startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void connectionsOverTheLimitAreClosedWhileTheOthersAreServed() throws Exception {
        int port = start(new ServerLimits(null, null, 2));
        List<Socket> held = new ArrayList<>();
        try {
            held.add(connect(port));
            held.add(connect(port));
            waitForOpen(2);
            try (Socket extra = connect(port)) {
                assertEquals(-1, extra.getInputStream().read(), "the third connection is closed at once");
            }
            for (Socket socket : held) {
                send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(readAvailable(socket).startsWith("HTTP/1.1 200"));
            }
            held.remove(0).close();
            waitForOpen(1);
            try (Socket again = connect(port)) {
                send(again, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(readAvailable(again).startsWith("HTTP/1.1 200"), "a freed slot is reused");
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        assertEquals("idle_timeout", assertThrows(InvalidConfigException.class,
                () -> new ServerLimits(null, Duration.ofSeconds(-1), null)).key());
        assertEquals("max_connections", assertThrows(InvalidConfigException.class,
                () -> new ServerLimits(null, null, 0)).key());
        assertEquals(ServerLimits.DEFAULT_IDLE_TIMEOUT, ServerLimits.DEFAULT.idleTimeout());
        Duration negative = Duration.ofMillis(-1);
        assertEquals("read_timeout", assertThrows(InvalidConfigException.class,
                () -> new ServerLimits(negative, null, null, null, null, null)).key());
        assertEquals("write_timeout", assertThrows(InvalidConfigException.class,
                () -> new ServerLimits(null, null, negative, null, null, null)).key());
    }

    @Test
    void theDefaultsAreTheCollectors() {
        assertEquals(Duration.ZERO, ServerLimits.DEFAULT.readTimeout());
        assertEquals(Duration.ofMinutes(1), ServerLimits.DEFAULT.readHeaderTimeout());
        assertEquals(Duration.ofSeconds(30), ServerLimits.DEFAULT.writeTimeout());
        assertEquals(Duration.ofMinutes(1), ServerLimits.DEFAULT.idleTimeout());
    }

    private static void assertClosedAfter(Socket socket, Duration timeout) throws IOException {
        long start = System.nanoTime();
        assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(waited >= timeout.toMillis() - 100 && waited < 4000, "closed after " + waited + " ms");
    }

    private static String readAll(Socket socket) throws IOException {
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    private void waitForOpen(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (guard.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, guard.openConnections());
    }

    private int start(ServerLimits limits) throws InterruptedException {
        guard = new HttpServerGuard(limits, "test");
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!guard.admit(ch)) {
                            return;
                        }
                        guard.addHttpCodec(ch.pipeline(), new HttpServerCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(1 << 16), new Ok());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readAvailable(Socket socket) throws IOException {
        byte[] buffer = new byte[4096];
        int n = socket.getInputStream().read(buffer);
        return n < 0 ? "" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    /** "ok"; at {@code /slow} never an answer; at {@code /big} a response larger than any socket buffer. */
    private static final class Ok extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (request.uri().equals("/slow")) {
                return;
            }
            var body = request.uri().equals("/big") ? Unpooled.wrappedBuffer(new byte[BIG])
                    : Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII);
            var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            HttpUtil.setContentLength(response, body.readableBytes());
            ctx.writeAndFlush(response);
        }
    }
}
