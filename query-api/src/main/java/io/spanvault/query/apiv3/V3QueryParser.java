package io.spanvault.query.apiv3;

import io.spanvault.pipeline.config.GoDuration;
import io.spanvault.query.http.ApiException;
import io.spanvault.query.http.ApiRequest;
import io.spanvault.query.http.JsonBody;
import io.spanvault.storage.TraceQuery;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads api_v3's {@code query.*} search parameters, in grpc-gateway's snake_case or the JSON camelCase
 * spelling: {@code service_name}, {@code operation_name}, {@code attributes} (a JSON object, or repeated
 * {@code query.attributes[key]=value}), {@code start_time_min}/{@code start_time_max} (RFC 3339, required),
 * {@code duration_min}/{@code duration_max} (Go durations), {@code search_depth} (or the older
 * {@code num_traces}). Opt-in beyond Jaeger: {@code query.all_services=true} searches without a service;
 * {@code query.match=trace} matches attributes across the trace's spans and durations on the whole trace.
 */
final class V3QueryParser {
    private V3QueryParser() {
    }

    static TraceQuery parse(ApiRequest request) {
        String timeMin = value(request, "start_time_min", "startTimeMin");
        String timeMax = value(request, "start_time_max", "startTimeMax");
        if (timeMin == null || timeMax == null) {
            throw ApiException.badRequest("query.start_time_min and query.start_time_max are required");
        }
        Instant min = time("query.start_time_min", timeMin);
        Instant max = time("query.start_time_max", timeMax);
        if (max.isBefore(min)) {
            throw ApiException.badRequest("query.start_time_max must not be before query.start_time_min");
        }
        String service = value(request, "service_name", "serviceName");
        if (service == null && !"true".equals(value(request, "all_services", "allServices"))) {
            throw ApiException.badRequest("query.service_name is required");
        }
        Duration durationMin = duration(request, "duration_min", "durationMin");
        Duration durationMax = duration(request, "duration_max", "durationMax");
        if (durationMin != null && durationMax != null && durationMax.compareTo(durationMin) < 0) {
            throw ApiException.badRequest("query.duration_max must not be less than query.duration_min");
        }
        return TraceQuery.builder().serviceName(service)
                .operationName(value(request, "operation_name", "operationName"))
                .attributes(attributes(request)).startTimeMin(min).startTimeMax(max)
                .durationMin(durationMin).durationMax(durationMax).limit(limit(request))
                .match(match(value(request, "match", "match"))).build();
    }

    /** The parameter as {@code query.<snake>} or {@code query.<camel>}; empty counts as absent. */
    private static String value(ApiRequest request, String snake, String camel) {
        String v = request.parameter("query." + snake, "query." + camel);
        return v == null || v.isEmpty() ? null : v;
    }

    private static Instant time(String name, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("malformed parameter " + name + ": '" + value
                    + "' is not an RFC 3339 time such as 2024-01-15T10:00:00Z");
        }
    }

    private static Duration duration(ApiRequest request, String snake, String camel) {
        String value = value(request, snake, camel);
        if (value == null) {
            return null;
        }
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw ApiException.badRequest("malformed parameter query." + snake + ": '" + value
                    + "' is not a duration (examples: 1.5ms, 500us, 2s)");
        }
    }

    private static int limit(ApiRequest request) {
        String value = value(request, "search_depth", "searchDepth");
        String name = "query.search_depth";
        if (value == null) {
            value = value(request, "num_traces", "numTraces");
            name = "query.num_traces";
        }
        if (value == null) {
            return TraceQuery.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 0) {
                throw new NumberFormatException();
            }
            return limit == 0 ? TraceQuery.DEFAULT_LIMIT : limit;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("malformed parameter " + name + ": '" + value
                    + "' is not a non-negative integer");
        }
    }

    private static TraceQuery.Match match(String value) {
        if (value == null || value.equals("span")) {
            return TraceQuery.Match.SAME_SPAN;
        }
        if (value.equals("trace")) {
            return TraceQuery.Match.WHOLE_TRACE;
        }
        throw ApiException.badRequest("malformed parameter query.match: '" + value + "' is not 'span' or 'trace'");
    }

    private static Map<String, String> attributes(ApiRequest request) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : request.parameters().entrySet()) {
            String key = e.getKey();
            String prefix = "query.attributes[";
            if (key.startsWith(prefix) && key.endsWith("]") && !e.getValue().isEmpty()) {
                attributes.put(key.substring(prefix.length(), key.length() - 1), e.getValue().get(0));
            }
        }
        for (String json : request.parameters("query.attributes")) {
            attributes.putAll(jsonObject(json));
        }
        return attributes;
    }

    private static Map<String, String> jsonObject(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = JsonBody.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isStructStart() || value == JsonToken.VALUE_NULL) {
                    throw new IOException("the value of '" + key + "' is not a string, number or boolean");
                }
                out.put(key, p.getText());
            }
        } catch (IOException e) {
            throw ApiException.badRequest("malformed parameter query.attributes: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return out;
    }
}
