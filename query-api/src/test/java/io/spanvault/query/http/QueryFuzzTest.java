package io.spanvault.query.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.query.QueryServerFixture;
import io.spanvault.query.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge-case and random request targets against every route of the real extension: no answer is a 500 (501 only
 * for a feature that is off), none shows Java internals. The seed is fixed so a failure can be replayed.
 */
class QueryFuzzTest {
    static final List<String> ROUTES = List.of("/api/services", "/api/services/frontend/operations",
            "/api/operations", "/api/traces", "/api/traces/0000000000000001", "/api/dependencies",
            "/api/metrics/latencies", "/api/metrics/calls", "/api/metrics/errors", "/api/metrics/minstep",
            "/api/quality-metrics", "/api/v3/services", "/api/v3/operations", "/api/v3/traces",
            "/api/v3/traces/0000000000000001", "/api/v3/trace-summaries", "/", "/static/app.js");
    private static final List<String> NAMES = List.of("service", "operation", "tag", "tags", "start", "end",
            "lookback", "minDuration", "maxDuration", "limit", "traceID", "endTs", "spanKind", "step", "ratePer",
            "quantile", "groupByOperation", "allServices", "match", "query.service_name", "query.start_time_min",
            "query.start_time_max", "query.search_depth", "query.attributes", "query.duration_min", "span_kind",
            "start_time", "end_time");
    private static final List<String> VALUES = List.of("", "%", "%zz", "%00", "%2", "-1", "0", "1", "2147483648",
            "9223372036854775807", "-9223372036854775808", "1e308", "NaN", "1.5ms", "2d", "frontend", "%7B%22a%22",
            "%7B%22a%22%3A1%7D", "a:b", "true", "server", "zz", "2026-01-10T11:00:00Z", "2026-13-40T99:00:00Z",
            "%E2%82%AC", "%C3%28", "..%2F..%2Fetc%2Fpasswd", "0.95", "-0.5", "1000", "60000", "%FF%FE");

    private static final List<String> EDGES = List.of(
            "/api/traces?service=frontend&start=9223372036854775807",
            "/api/traces?service=frontend&end=-9223372036854775808",
            "/api/traces?service=frontend&start=-9223372036854775808&end=9223372036854775807",
            "/api/traces?service=frontend&lookback=2562047h",
            "/api/traces?service=frontend&lookback=9999d",
            "/api/traces?service=frontend&minDuration=2562048h",
            "/api/traces/0000000000000001?start=9223372036854775807&end=9223372036854775807",
            "/api/dependencies?endTs=9223372036854775807&lookback=9223372036854775807",
            "/api/dependencies?endTs=-9223372036854775808",
            "/api/metrics/calls?service=frontend&endTs=9223372036854775807",
            "/api/metrics/calls?service=frontend&endTs=-9223372036854775808",
            "/api/metrics/calls?service=frontend&lookback=9223372036854775807",
            "/api/metrics/calls?service=frontend&step=9223372036854775807",
            "/api/metrics/latencies?service=frontend&quantile=NaN",
            "/api/v3/traces?query.service_name=frontend&query.start_time_min=-999999999-01-01T00:00:00Z"
                    + "&query.start_time_max=+999999999-12-31T23:59:59Z",
            "/api/v3/traces?query.service_name=frontend&query.start_time_min=2026-01-10T11:00:00Z"
                    + "&query.start_time_max=2026-01-10T10:00:00Z",
            "/api/v3/traces?query.service_name=frontend&query.start_time_min=2026-01-10T11:00:00Z"
                    + "&query.start_time_max=2026-01-10T13:00:00Z&query.duration_min=2s&query.duration_max=1s",
            "/api/v3/traces?query.service_name=frontend&query.start_time_min=2026-01-10T11:00:00Z"
                    + "&query.start_time_max=2026-01-10T13:00:00Z&query.attributes=%7B",
            "/api/v3/traces/0000000000000001?start_time=+999999999-12-31T23:59:59Z");

    @TempDir
    Path dataDir;

    @Test
    void noRequestTargetGetsA500OrInternals() throws Exception {
        Random random = new Random(11);
        try (QueryServerFixture server = new QueryServerFixture(dataDir, TestData.NOW,
                QueryServerFixture.loopback(""), TestData.traces())) {
            for (String target : EDGES) {
                assertAnswered(server, target);
            }
            for (int i = 0; i < 1000; i++) {
                StringBuilder target = new StringBuilder(pick(random, ROUTES));
                if (random.nextInt(5) == 0) {
                    target.append(pick(random, VALUES));
                }
                int parameters = random.nextInt(5);
                for (int p = 0; p < parameters; p++) {
                    target.append(p == 0 ? '?' : '&').append(pick(random, NAMES)).append('=')
                            .append(pick(random, VALUES));
                }
                assertAnswered(server, target.toString());
            }
        }
    }

    static void assertAnswered(QueryServerFixture server, String target) throws Exception {
        RawResponse response = RawResponse.get(server.extension.port(), target);
        assertTrue(response.status() < 500 || response.status() == 501,
                target + " → " + response.status() + " " + response.body());
        assertFalse(response.body().contains("Exception") || response.body().contains("java.")
                || response.body().contains("\tat "), target + " → " + response.body());
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
