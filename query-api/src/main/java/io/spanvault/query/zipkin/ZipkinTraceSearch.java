package io.spanvault.query.zipkin;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.query.http.ApiException;
import io.spanvault.query.http.ApiRequest;
import io.spanvault.storage.TraceQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v2/traces} parameters, validated as Zipkin's QueryRequest: {@code serviceName},
 * {@code spanName} ({@code all} or empty for any), {@code remoteServiceName}, {@code annotationQuery},
 * {@code minDuration}/{@code maxDuration} (µs; max needs min and may not be below it), {@code endTs} (Unix ms,
 * default now), {@code lookback} (ms, default a day), {@code limit} (default 10). One span must match the
 * service, span name, remote service, durations and {@code key=value} terms together; a bare key may be met by
 * any span of the service.
 */
record ZipkinTraceSearch(TraceQuery query, String serviceName, Set<String> keys) {

    static ZipkinTraceSearch parse(ApiRequest request, Instant now) {
        String service = blankToNull(request.parameter("serviceName"));
        String spanName = blankToNull(request.parameter("spanName"));
        if ("all".equals(spanName)) {
            spanName = null;
        }
        String remote = blankToNull(request.parameter("remoteServiceName"));
        AnnotationQuery annotations;
        try {
            annotations = AnnotationQuery.parse(request.parameter("annotationQuery"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Long minDuration = optionalPositive(request, "minDuration");
        Long maxDuration = optionalPositive(request, "maxDuration");
        if (maxDuration != null && minDuration == null) {
            throw ApiException.badRequest("maxDuration is only valid with minDuration");
        }
        if (maxDuration != null && maxDuration < minDuration) {
            throw ApiException.badRequest("maxDuration should be >= minDuration");
        }
        long endTs = positiveLong(request, "endTs", now.toEpochMilli());
        long lookback = positiveLong(request, "lookback", DEFAULT_LOOKBACK_MILLIS);
        long limit = positiveLong(request, "limit", (long) ZipkinV2Api.DEFAULT_LIMIT);
        Map<String, String> attributes = new HashMap<>(annotations.tags());
        if (remote != null) {
            attributes.put("peer.service", remote);
        }
        TraceQuery query = TraceQuery.builder().serviceName(service).operationName(spanName).attributes(attributes)
                .startTimeMin(Instant.ofEpochMilli(Math.max(0, endTs - lookback)))
                .startTimeMax(Instant.ofEpochMilli(endTs))
                .durationMin(minDuration == null ? null : Duration.ofNanos(minDuration * 1000))
                .durationMax(maxDuration == null ? null : Duration.ofNanos(maxDuration * 1000))
                .limit((int) Math.min(Integer.MAX_VALUE, limit)).build();
        return new ZipkinTraceSearch(query, service, annotations.keys());
    }

    private static final long DEFAULT_LOOKBACK_MILLIS = ZipkinV2Api.DEFAULT_LOOKBACK.toMillis();

    /** Whether every bare key of the annotation query is a tag key or annotation of a span of the service. */
    boolean matchesKeys(TracesData trace) {
        for (String key : keys) {
            boolean[] found = {false};
            ZipkinV2Api.forEachSpan(trace, serviceName, span -> found[0] |= hasKey(span, key));
            if (!found[0]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasKey(Span span, String key) {
        if (key.equals("error") && span.getStatus().getCode() == io.opentelemetry.proto.trace.v1.Status.StatusCode
                .STATUS_CODE_ERROR) {
            return true;
        }
        for (KeyValue attribute : span.getAttributesList()) {
            if (attribute.getKey().equals(key)) {
                return true;
            }
        }
        for (Span.Event event : span.getEventsList()) {
            if (event.getName().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static Long optionalPositive(ApiRequest request, String name) {
        String value = blankToNull(request.parameter(name));
        return value == null ? null : positiveLong(request, name, null);
    }

    /** A positive integer parameter; {@code fallback} when absent, and required when that is null. */
    static long positiveLong(ApiRequest request, String name, Long fallback) {
        String value = blankToNull(request.parameter(name));
        if (value == null) {
            if (fallback == null) {
                throw ApiException.badRequest("parameter '" + name + "' is required");
            }
            return fallback;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " '" + value + "' is not an integer");
        }
        if (parsed <= 0) {
            throw ApiException.badRequest(name + " should be > 0, got " + parsed);
        }
        return parsed;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
