package io.spanvault.query.jaeger;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.spanvault.pipeline.config.GoDuration;
import io.spanvault.query.http.ApiException;
import io.spanvault.query.http.ApiRequest;
import io.spanvault.query.http.JsonBody;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads {@code /api/traces} parameters with Jaeger's semantics: {@code start}/{@code end} in Unix µs (default
 * the last 2 days), {@code minDuration}/{@code maxDuration} as Go durations (empty: no bound), {@code tag=k:v}
 * (split on the first {@code :}) and {@code tags={json}}, {@code limit} (default 100), repeated {@code traceID}.
 * Without {@code start}, a {@code lookback} (a Go duration or whole days, {@code 2d}) counts back from
 * {@code end}; one that is neither is ignored, as Jaeger ignores every {@code lookback}.
 * Opt-in beyond Jaeger: {@code allServices=true} searches without {@code service}; {@code match=trace} lets
 * each tag match a different span of the trace and applies the duration bounds to the whole trace.
 */
public final class TraceSearchParser {
    static final Duration DEFAULT_LOOKBACK = Duration.ofDays(2);
    /** Whole days up to 10,000, or a non-negative Go duration. */
    private static final Pattern LOOKBACK = Pattern.compile("\\d{1,4}d|[0-9.]+[a-zµ]+([0-9.]+[a-zµ]+)*");

    private final Clock clock;

    public TraceSearchParser(Clock clock) {
        this.clock = clock;
    }

    public TraceSearch parse(ApiRequest request) {
        Instant end = micros(request, "end", clock.instant());
        Instant start = micros(request, "start", null);
        if (start == null) {
            start = end.minus(lookback(request));
        }
        List<TraceId> traceIds = new ArrayList<>();
        for (String id : request.parameters("traceID")) {
            try {
                traceIds.add(JaegerIds.parseTraceId(id));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("cannot parse traceID param: " + e.getMessage());
            }
        }
        String service = emptyToNull(request.parameter("service"));
        if (service == null && traceIds.isEmpty() && !"true".equals(request.parameter("allServices"))) {
            throw ApiException.badRequest("parameter 'service' is required");
        }
        Duration minDuration = duration(request, "minDuration");
        Duration maxDuration = duration(request, "maxDuration");
        if (minDuration != null && maxDuration != null && maxDuration.compareTo(minDuration) < 0) {
            throw ApiException.badRequest("'maxDuration' should be greater than 'minDuration'");
        }
        if (end.isBefore(start)) {
            throw ApiException.badRequest("'end' should not be before 'start'");
        }
        TraceQuery query = TraceQuery.builder().serviceName(service)
                .operationName(emptyToNull(request.parameter("operation")))
                .attributes(tags(request)).startTimeMin(start).startTimeMax(end)
                .durationMin(minDuration).durationMax(maxDuration).limit(limit(request))
                .match(match(request.parameter("match"))).build();
        return new TraceSearch(query, traceIds);
    }

    /**
     * Jaeger ignores {@code lookback} and searches its default window; we count back by it when it is a Go
     * duration or whole days ({@code 2d}, as Jaeger UI's menu spells it), and otherwise do as Jaeger.
     */
    private static Duration lookback(ApiRequest request) {
        String lookback = request.parameter("lookback");
        if (lookback == null || !LOOKBACK.matcher(lookback).matches()) {
            return DEFAULT_LOOKBACK;
        }
        if (lookback.endsWith("d")) {
            return Duration.ofDays(Long.parseLong(lookback.substring(0, lookback.length() - 1)));
        }
        try {
            return GoDuration.parse(lookback);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return DEFAULT_LOOKBACK;
        }
    }

    static TraceQuery.Match match(String value) {
        if (value == null || value.isEmpty() || value.equals("span")) {
            return TraceQuery.Match.SAME_SPAN;
        }
        if (value.equals("trace")) {
            return TraceQuery.Match.WHOLE_TRACE;
        }
        throw ApiException.badRequest("unable to parse param 'match': '" + value + "' is not 'span' or 'trace'");
    }

    /** Unix microseconds, or {@code fallback} when absent or empty. */
    static Instant micros(ApiRequest request, String name, Instant fallback) {
        String value = request.parameter(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            long micros = Long.parseLong(value);
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("unable to parse param '" + name + "': '" + value
                    + "' is not an integer (Unix microseconds)");
        }
    }

    private static Duration duration(ApiRequest request, String name) {
        String value = request.parameter(name);
        return value == null || value.isEmpty() ? null : parseDuration(name, value);
    }

    static Duration parseDuration(String name, String value) {
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw ApiException.badRequest("unable to parse param '" + name + "': '" + value
                    + "' is not a duration (examples: 1.5ms, 500us, 2s)");
        }
    }

    private static int limit(ApiRequest request) {
        String value = request.parameter("limit");
        if (value == null || value.isEmpty()) {
            return TraceQuery.DEFAULT_LIMIT;
        }
        int limit;
        try {
            limit = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("unable to parse param 'limit': '" + value + "' is not an integer");
        }
        if (limit < 0) {
            throw ApiException.badRequest("unable to parse param 'limit': must not be negative, got " + limit);
        }
        // Jaeger passes 0 on to the store, which then uses its default.
        return limit == 0 ? TraceQuery.DEFAULT_LIMIT : limit;
    }

    private static Map<String, String> tags(ApiRequest request) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String tag : request.parameters("tag")) {
            int colon = tag.indexOf(':');
            if (colon < 0) {
                throw ApiException.badRequest("malformed 'tag' parameter, expecting key:value, received: " + tag);
            }
            tags.put(tag.substring(0, colon), tag.substring(colon + 1));
        }
        for (String json : request.parameters("tags")) {
            tags.putAll(jsonTags(json));
        }
        return tags;
    }

    /** A JSON object of string values, as Jaeger's {@code tags} parameter. */
    static Map<String, String> jsonTags(String json) {
        Map<String, String> tags = new LinkedHashMap<>();
        try (JsonParser p = JsonBody.FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("expected a JSON object of strings");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IOException("the value of '" + key + "' is not a string");
                }
                tags.put(key, p.getText());
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("expected a JSON object of strings");
            }
        } catch (IOException e) {
            throw ApiException.badRequest("malformed 'tags' parameter, cannot unmarshal JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        return tags;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
