package io.spanvault.query.apiv3;

import static io.spanvault.query.http.TestRequests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.spanvault.query.http.ApiException;
import io.spanvault.storage.TraceQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class V3QueryParserTest {
    private static final String TIMES = "query.start_time_min=2026-01-10T10:00:00Z"
            + "&query.start_time_max=2026-01-10T12:00:00.5%2B01:00";

    private static TraceQuery parse(String params) {
        return V3QueryParser.parse(get("/api/v3/traces?" + params));
    }

    private static String error(String params) {
        ApiException e = assertThrows(ApiException.class, () -> parse(params));
        assertEquals(HttpResponseStatus.BAD_REQUEST, e.status());
        return e.getMessage();
    }

    @Test
    void readsSnakeCaseParameters() {
        TraceQuery q = parse(TIMES + "&query.service_name=frontend&query.operation_name=GET"
                + "&query.duration_min=1.5ms&query.duration_max=2s&query.search_depth=20");

        assertEquals("frontend", q.serviceName());
        assertEquals("GET", q.operationName());
        assertEquals(Instant.parse("2026-01-10T10:00:00Z"), q.startTimeMin());
        assertEquals(Instant.parse("2026-01-10T11:00:00.5Z"), q.startTimeMax());
        assertEquals(Duration.ofNanos(1_500_000), q.durationMin());
        assertEquals(Duration.ofSeconds(2), q.durationMax());
        assertEquals(20, q.limit());
        assertEquals(TraceQuery.Match.SAME_SPAN, q.match());
    }

    @Test
    void readsCamelCaseParametersAndTheOlderNumTraces() {
        TraceQuery q = parse("query.startTimeMin=2026-01-10T10:00:00Z&query.startTimeMax=2026-01-10T11:00:00Z"
                + "&query.serviceName=frontend&query.operationName=GET&query.durationMin=1s&query.numTraces=3");

        assertEquals("frontend", q.serviceName());
        assertEquals("GET", q.operationName());
        assertEquals(Duration.ofSeconds(1), q.durationMin());
        assertEquals(3, q.limit());
        assertEquals(100, parse(TIMES + "&query.service_name=s").limit());
    }

    @Test
    void attributesAsJsonOrBracketedKeys() {
        assertEquals(Map.of("http.status_code", "500", "error", "true"), parse(TIMES + "&query.service_name=s"
                + "&query.attributes=%7B%22http.status_code%22%3A500%2C%22error%22%3Atrue%7D").attributes());
        assertEquals(Map.of("db.system", "redis"), parse(TIMES + "&query.service_name=s"
                + "&query.attributes%5Bdb.system%5D=redis").attributes());
    }

    @Test
    void optInsSearchAllServicesAndMatchAcrossTheTrace() {
        TraceQuery q = parse(TIMES + "&query.all_services=true&query.match=trace");

        assertNull(q.serviceName());
        assertEquals(TraceQuery.Match.WHOLE_TRACE, q.match());
    }

    @Test
    void badParametersAre400s() {
        assertEquals("query.start_time_min and query.start_time_max are required", error("query.service_name=s"));
        assertEquals("malformed parameter query.start_time_min: 'yesterday' is not an RFC 3339 time such as"
                + " 2024-01-15T10:00:00Z", error("query.service_name=s&query.start_time_min=yesterday"
                        + "&query.start_time_max=2026-01-10T11:00:00Z"));
        assertEquals("query.start_time_max must not be before query.start_time_min",
                error("query.service_name=s&query.start_time_min=2026-01-10T11:00:00Z"
                        + "&query.start_time_max=2026-01-10T10:00:00Z"));
        assertEquals("query.service_name is required", error(TIMES));
        assertEquals("malformed parameter query.duration_min: 'soon' is not a duration (examples: 1.5ms, 500us, 2s)",
                error(TIMES + "&query.service_name=s&query.duration_min=soon"));
        assertEquals("query.duration_max must not be less than query.duration_min",
                error(TIMES + "&query.service_name=s&query.duration_min=2s&query.duration_max=1s"));
        assertEquals("malformed parameter query.search_depth: 'many' is not a non-negative integer",
                error(TIMES + "&query.service_name=s&query.search_depth=many"));
        assertEquals("malformed parameter query.match: 'x' is not 'span' or 'trace'",
                error(TIMES + "&query.service_name=s&query.match=x"));
        assertEquals("malformed parameter query.attributes: the value of 'a' is not a string, number or boolean",
                error(TIMES + "&query.service_name=s&query.attributes=%7B%22a%22%3Anull%7D"));
    }
}
