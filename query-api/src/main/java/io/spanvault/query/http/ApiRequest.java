package io.spanvault.query.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/**
 * A request as a route sees it: the path below the base path, the decoded query parameters (every value of a
 * repeated one, in order), the values of the route's {@code {name}} segments, the headers, and the body (empty
 * for GET; valid only while the route runs).
 */
public record ApiRequest(String path, Map<String, List<String>> parameters, Map<String, String> pathParameters,
        HttpHeaders headers, ByteBuf body) {

    /** A request without a body (a GET). */
    public ApiRequest(String path, Map<String, List<String>> parameters, Map<String, String> pathParameters,
            HttpHeaders headers) {
        this(path, parameters, pathParameters, headers, Unpooled.EMPTY_BUFFER);
    }

    /** The first value of the parameter, or null when it is absent. */
    public String parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The first value of the first of {@code names} present (for parameters with several spellings). */
    public String parameter(String... names) {
        for (String name : names) {
            String value = parameter(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** Every value of a repeated parameter; empty when absent. */
    public List<String> parameters(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    public ApiRequest withPathParameters(Map<String, String> values) {
        return new ApiRequest(path, parameters, values, headers, body);
    }
}
