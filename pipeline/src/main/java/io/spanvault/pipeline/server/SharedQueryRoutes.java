package io.spanvault.pipeline.server;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Read-only HTTP routes an extension lets another component's server answer on its own port: the Zipkin v2
 * query API and Zipkin Lens beside the {@code zipkin} receiver on 9411, as a Zipkin server answers its
 * collector and query APIs on one port, so Zipkin's clients need only a new host.
 */
public interface SharedQueryRoutes {

    /** True when {@code path} (without query string) is one of these routes. */
    boolean serves(String path);

    /** The complete answer to a GET or HEAD of a served path; may block on a store read, so not on an I/O thread. */
    FullHttpResponse answer(FullHttpRequest request);
}
