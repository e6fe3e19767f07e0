package io.spanvault.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.spanvault.pipeline.server.SharedQueryRoutes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedQueryHandlerTest {
    /** Answers every path under /api/v2/ with the path itself. */
    private static final SharedQueryRoutes ROUTES = new SharedQueryRoutes() {
        @Override
        public boolean serves(String path) {
            return path.startsWith("/api/v2/");
        }

        @Override
        public FullHttpResponse answer(FullHttpRequest request) {
            return PlainText.response(HttpResponseStatus.OK, "query " + request.uri());
        }
    };

    /** Stands for the ingest handler: keeps the requests it gets, answers only when told. */
    private static final class Ingest extends ChannelInboundHandlerAdapter {
        final List<String> requests = new ArrayList<>();
        ChannelHandlerContext ctx;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            this.ctx = ctx;
            if (msg instanceof HttpRequest request) {
                requests.add(request.method() + " " + request.uri());
            }
            ReferenceCountUtil.release(msg);
        }

        void answer(String text) {
            ctx.writeAndFlush(PlainText.response(HttpResponseStatus.ACCEPTED, text));
        }
    }

    private final Ingest ingest = new Ingest();
    private final EmbeddedChannel channel = new EmbeddedChannel(new SharedQueryHandler(ROUTES, Runnable::run),
            ingest);

    @Test
    void queriesAreAnsweredHereAndEverythingElseGoesOn() {
        channel.writeInbound(request(HttpMethod.GET, "/api/v2/services"));
        assertEquals("query /api/v2/services", body(channel.readOutbound()));
        channel.writeInbound(request(HttpMethod.POST, "/api/v2/spans"));
        channel.writeInbound(request(HttpMethod.GET, "/other"));
        assertEquals(List.of("POST /api/v2/spans", "GET /other"), ingest.requests);
    }

    @Test
    void aQueryBehindAnUnansweredIngestRequestWaitsForItsAnswer() {
        channel.writeInbound(request(HttpMethod.POST, "/api/v2/spans"));
        channel.writeInbound(request(HttpMethod.GET, "/api/v2/trace/1"));
        assertNull(channel.readOutbound(), "the query was answered before the ingest request before it");
        assertTrue(!channel.config().isAutoRead(), "reading goes on while a query is held");

        ingest.answer("stored");
        assertEquals("stored", body(channel.readOutbound()));
        assertEquals("query /api/v2/trace/1", body(channel.readOutbound()));
        assertTrue(channel.config().isAutoRead());
    }

    @Test
    void requestsAfterAHeldQueryKeepTheirOrder() {
        channel.writeInbound(request(HttpMethod.POST, "/api/v2/spans"));
        channel.writeInbound(request(HttpMethod.GET, "/api/v2/trace/1"));
        channel.writeInbound(request(HttpMethod.POST, "/api/v1/spans"));
        assertEquals(List.of("POST /api/v2/spans"), ingest.requests);

        ingest.answer("first");
        assertEquals("first", body(channel.readOutbound()));
        assertEquals("query /api/v2/trace/1", body(channel.readOutbound()));
        assertEquals(List.of("POST /api/v2/spans", "POST /api/v1/spans"), ingest.requests);
    }

    private static FullHttpRequest request(HttpMethod method, String uri) {
        return new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    }

    private static String body(Object response) {
        FullHttpResponse full = (FullHttpResponse) response;
        try {
            return full.content().toString(StandardCharsets.UTF_8);
        } finally {
            full.release();
        }
    }
}
