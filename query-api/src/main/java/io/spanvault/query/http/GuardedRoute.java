package io.spanvault.query.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.spanvault.storage.StorageException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a route so that a bad parameter ({@link ApiException}) or a failing store becomes an error response
 * in the API's own error shape, instead of the server's generic 500.
 */
public final class GuardedRoute {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedRoute.class);

    private GuardedRoute() {
    }

    /** {@code handler} with its errors rendered by {@code errorBody(status, message)}. */
    public static RouteHandler of(RouteHandler handler, BiFunction<HttpResponseStatus, String, ApiResponse> errorBody) {
        return request -> {
            try {
                return handler.handle(request);
            } catch (ApiException e) {
                return errorBody.apply(e.status(), e.getMessage());
            } catch (StorageException e) {
                LOG.error("query {} failed in the store", request.path(), e);
                // The store's message names files and internals; the client learns only that the store failed.
                return errorBody.apply(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        "the trace store failed to answer; the server log has the details");
            }
        };
    }
}
