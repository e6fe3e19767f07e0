package io.spanvault.query.http;

/** Answers the requests of one route. */
@FunctionalInterface
public interface RouteHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
