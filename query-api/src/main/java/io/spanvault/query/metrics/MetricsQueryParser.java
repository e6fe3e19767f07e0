package io.spanvault.query.metrics;

import io.spanvault.query.http.ApiException;
import io.spanvault.query.http.ApiRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads Jaeger's metrics parameters: {@code service} (repeatable, required), {@code groupByOperation},
 * {@code spanKind} (repeatable; default {@code server}), {@code endTs} (Unix ms; default now), and
 * {@code lookback} (1 h), {@code step} (5 s), {@code ratePer} (10 min) in milliseconds, with Jaeger's defaults;
 * {@code quantile} for latencies. Bounded by {@code maxLookback} and {@value #MAX_POINTS} points a series.
 */
final class MetricsQueryParser {
    /** Prometheus' own bound on the points of one range query. */
    static final int MAX_POINTS = 11_000;
    private static final Set<String> KINDS = Set.of("unspecified", "internal", "server", "client", "producer",
            "consumer");

    private final Clock clock;
    private final Duration maxLookback;

    MetricsQueryParser(Clock clock, Duration maxLookback) {
        this.clock = clock;
        this.maxLookback = maxLookback;
    }

    MetricsQuery parse(ApiRequest request, boolean needsQuantile) {
        double quantile = needsQuantile ? quantile(request) : Double.NaN;
        List<String> services = request.parameters("service");
        if (services.isEmpty()) {
            throw parseError("service", "please provide at least one service name");
        }
        boolean groupByOperation = bool(request, "groupByOperation");
        Set<String> kinds = new LinkedHashSet<>();
        for (String kind : request.parameters("spanKind")) {
            if (!KINDS.contains(kind)) {
                throw parseError("spanKind", "unsupported span kind: '" + kind + "'");
            }
            kinds.add(kind);
        }
        if (kinds.isEmpty()) {
            kinds.add("server");
        }
        String endTs = request.parameter("endTs");
        Instant end = endTs == null || endTs.isEmpty() ? clock.instant() : Instant.ofEpochMilli(millis(request, "endTs"));
        Duration lookback = duration(request, "lookback", Duration.ofHours(1));
        Duration step = duration(request, "step", Duration.ofSeconds(5));
        Duration ratePer = duration(request, "ratePer", Duration.ofMinutes(10));
        if (lookback.compareTo(maxLookback) > 0 || ratePer.compareTo(maxLookback) > 0) {
            throw ApiException.badRequest("'lookback' and 'ratePer' may be at most " + maxLookback.toMillis()
                    + " ms (the query extension's metrics.max_lookback)");
        }
        if (step.compareTo(MetricsApi.MIN_STEP) < 0) {
            throw parseError("step", "must be at least " + MetricsApi.MIN_STEP.toMillis()
                    + " ms (/api/metrics/minstep), got " + step.toMillis());
        }
        if (lookback.toMillis() / step.toMillis() + 1 > MAX_POINTS) {
            throw ApiException.badRequest("'lookback' / 'step' gives more than " + MAX_POINTS
                    + " points; raise 'step'");
        }
        return new MetricsQuery(List.copyOf(new LinkedHashSet<>(services)), groupByOperation, Set.copyOf(kinds), end,
                lookback, step, ratePer, quantile);
    }

    private static double quantile(ApiRequest request) {
        String value = request.parameter("quantile");
        double q;
        try {
            q = Double.parseDouble(value == null ? "" : value);
        } catch (NumberFormatException e) {
            throw parseError("quantile", "'" + (value == null ? "" : value) + "' is not a number");
        }
        if (!(q >= 0 && q <= 1)) {
            throw parseError("quantile", "must be between 0 and 1, got " + value);
        }
        return q;
    }

    private static boolean bool(ApiRequest request, String name) {
        String value = request.parameter(name);
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw parseError(name, "'" + value + "' is not a boolean");
        };
    }

    private static long millis(ApiRequest request, String name) {
        String value = request.parameter(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw parseError(name, "'" + value + "' is not an integer (milliseconds)");
        }
    }

    private static Duration duration(ApiRequest request, String name, Duration fallback) {
        String value = request.parameter(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        long ms = millis(request, name);
        if (ms <= 0) {
            throw parseError(name, "must be a positive number of milliseconds, got " + value);
        }
        return Duration.ofMillis(ms);
    }

    private static ApiException parseError(String name, String problem) {
        return ApiException.badRequest("unable to parse param '" + name + "': " + problem);
    }
}
