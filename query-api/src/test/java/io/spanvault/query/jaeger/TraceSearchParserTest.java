package io.spanvault.query.jaeger;

import static io.spanvault.query.http.TestRequests.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.spanvault.query.http.ApiException;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSearchParserTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    private final TraceSearchParser parser = new TraceSearchParser(Clock.fixed(NOW, ZoneOffset.UTC));

    private TraceQuery query(String params) {
        return parser.parse(get("/api/traces?" + params)).query();
    }

    private String error(String params) {
        ApiException e = assertThrows(ApiException.class, () -> parser.parse(get("/api/traces?" + params)));
        assertEquals(HttpResponseStatus.BAD_REQUEST, e.status());
        return e.getMessage();
    }

    @Test
    void defaultsAreTheLastTwoDaysAHundredTracesAndSameSpanMatching() {
        TraceQuery q = query("service=frontend");

        assertEquals("frontend", q.serviceName());
        assertNull(q.operationName());
        assertEquals(NOW.minus(Duration.ofDays(2)), q.startTimeMin());
        assertEquals(NOW, q.startTimeMax());
        assertNull(q.durationMin());
        assertNull(q.durationMax());
        assertEquals(100, q.limit());
        assertEquals(Map.of(), q.attributes());
        assertEquals(TraceQuery.Match.SAME_SPAN, q.match());
    }

    @Test
    void startAndEndAreUnixMicroseconds() {
        TraceQuery q = query("service=s&start=1700000000123456&end=1700000001000000");

        assertEquals(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L), q.startTimeMin());
        assertEquals(Instant.ofEpochSecond(1_700_000_001L), q.startTimeMax());
    }

    @Test
    void lookbackCountsBackFromEndWhenStartIsMissing() {
        assertEquals(NOW.minus(Duration.ofHours(1)), query("service=s&lookback=1h").startTimeMin());
        assertEquals(NOW.minus(Duration.ofDays(2)), query("service=s&lookback=custom").startTimeMin());
        assertEquals(Instant.ofEpochSecond(100), query("service=s&lookback=1h&start=100000000").startTimeMin());
        assertEquals(NOW.minus(Duration.ofDays(3)), query("service=s&lookback=3d").startTimeMin());
    }

    @Test
    void aLookbackThatIsNoDurationIsIgnoredAsJaegerDoes() {
        for (String lookback : List.of("1%20week", "-1h", "2days", "x", "", "1h%00")) {
            assertEquals(NOW.minus(Duration.ofDays(2)), query("service=s&lookback=" + lookback).startTimeMin(),
                    lookback);
        }
    }

    @Test
    void durationsAreGoDurationsAndEmptyMeansNoBound() {
        TraceQuery q = query("service=s&minDuration=1.5ms&maxDuration=2s");
        assertEquals(Duration.ofNanos(1_500_000), q.durationMin());
        assertEquals(Duration.ofSeconds(2), q.durationMax());

        TraceQuery micros = query("service=s&minDuration=500us&maxDuration=");
        assertEquals(Duration.ofNanos(500_000), micros.durationMin());
        assertNull(micros.durationMax());
        assertNull(query("service=s&minDuration=&maxDuration=").durationMin());
    }

    @Test
    void tagsSplitOnTheFirstColonAndMergeWithJsonTags() {
        TraceQuery q = query("service=s&tag=http.url:http://x:8080/a&tag=error:true"
                + "&tags=%7B%22db.system%22%3A%22redis%22%7D");

        assertEquals(Map.of("http.url", "http://x:8080/a", "error", "true", "db.system", "redis"), q.attributes());
    }

    @Test
    void limitCountsTracesAndZeroMeansTheDefault() {
        assertEquals(7, query("service=s&limit=7").limit());
        assertEquals(100, query("service=s&limit=0").limit());
        assertEquals(100, query("service=s&limit=").limit());
    }

    @Test
    void traceIdsRepeatAndNeedNoService() {
        TraceSearch search = parser.parse(get("/api/traces?traceID=1f&traceID=83a9efd15c1c98a977e0711cc93ee28b"));

        assertEquals(List.of(new TraceId(0, 0x1f), new TraceId(0x83a9efd15c1c98a9L, 0x77e0711cc93ee28bL)),
                search.traceIds());
    }

    @Test
    void optInsSearchAllServicesAndMatchAcrossTheTrace() {
        TraceQuery q = query("allServices=true&match=trace&tag=a:1&tag=b:2&minDuration=1s");

        assertNull(q.serviceName());
        assertEquals(TraceQuery.Match.WHOLE_TRACE, q.match());
        assertEquals(TraceQuery.Match.SAME_SPAN, query("service=s&match=span").match());
    }

    @Test
    void badParametersAre400sNamingTheProblem() {
        assertEquals("parameter 'service' is required", error("operation=x"));
        assertEquals("'maxDuration' should be greater than 'minDuration'",
                error("service=s&minDuration=2s&maxDuration=1s"));
        assertEquals("unable to parse param 'minDuration': '10 parsecs' is not a duration (examples: 1.5ms, 500us, 2s)",
                error("service=s&minDuration=10%20parsecs"));
        assertEquals("unable to parse param 'start': 'yesterday' is not an integer (Unix microseconds)",
                error("service=s&start=yesterday"));
        assertEquals("unable to parse param 'end': '1.5' is not an integer (Unix microseconds)",
                error("service=s&end=1.5"));
        assertEquals("unable to parse param 'limit': 'ten' is not an integer", error("service=s&limit=ten"));
        assertEquals("unable to parse param 'limit': must not be negative, got -1", error("service=s&limit=-1"));
        assertEquals("malformed 'tag' parameter, expecting key:value, received: error", error("service=s&tag=error"));
        assertEquals("cannot parse traceID param: trace id 'zz' is neither 1 to 32 hex digits nor the base64 of 16 bytes",
                error("traceID=zz"));
        assertEquals("unable to parse param 'match': 'all' is not 'span' or 'trace'", error("service=s&match=all"));
        assertEquals("'end' should not be before 'start'", error("service=s&start=2000000&end=1000000"));
    }

    @Test
    void malformedJsonTagsAre400s() {
        assertEquals(true, error("service=s&tags=%7Bnope").startsWith("malformed 'tags' parameter, cannot unmarshal JSON: "));
        assertEquals("malformed 'tags' parameter, cannot unmarshal JSON: the value of 'a' is not a string",
                error("service=s&tags=%7B%22a%22%3A1%7D"));
        assertEquals("malformed 'tags' parameter, cannot unmarshal JSON: expected a JSON object of strings",
                error("service=s&tags=%5B%5D"));
    }
}
