package io.spanvault.query.zipkin;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.spanvault.pipeline.server.SharedQueryRoutes;
import io.spanvault.pipeline.server.ServerSecurity;
import io.spanvault.query.http.HostAllowList;
import io.spanvault.query.http.QueryResponder;
import io.spanvault.query.http.Router;
import io.spanvault.query.http.SearchLimits;
import io.spanvault.storage.TraceReader;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Zipkin's v2 query API and Zipkin Lens as routes another server answers: the {@code zipkin} receiver's port
 * serves them next to its span intake, as a Zipkin server does. No base path: Zipkin's clients ask for
 * {@code /api/v2/...} and {@code /zipkin/} at the root.
 */
public final class ZipkinQueryRoutes implements SharedQueryRoutes {
    private final QueryResponder responder;

    public ZipkinQueryRoutes(Supplier<TraceReader> store, Clock clock, SearchLimits limits, ServerSecurity security,
            HostAllowList hosts) {
        LensSite lens = new LensSite("");
        Router router = new Router(request -> LensSite.owns(request.path()) ? lens.handle(request)
                : ZipkinV2Api.notFound(request));
        new ZipkinV2Api(store, clock, limits).register(router);
        responder = new QueryResponder(router, "", security, hosts);
    }

    @Override
    public boolean serves(String path) {
        return ZipkinV2Api.owns(path) || LensSite.owns(path);
    }

    @Override
    public FullHttpResponse answer(FullHttpRequest request) {
        return responder.answer(request);
    }
}
