package io.spanvault.pipeline.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.spanvault.pipeline.testkit.TestTraces;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpanWindowTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;
    private final SpanWindow window = SpanWindow.at(NOW, Duration.ofHours(72), Duration.ofHours(1));

    @Test
    void admitsFromRetentionAgoToTheSkewAheadInclusive() {
        assertNull(window.problem(NOW_NANOS));
        assertNull(window.problem(NOW_NANOS - 72 * 60 * MINUTE));
        assertNull(window.problem(NOW_NANOS + 60 * MINUTE));
        assertEquals("starts at 2026-03-07T12:29:00Z, before the retention window (72h)",
                window.problem(NOW_NANOS - 72 * 60 * MINUTE - MINUTE));
        assertEquals("starts at 2026-03-10T13:31:00Z, more than max_future_skew (1h) in the future",
                window.problem(NOW_NANOS + 61 * MINUTE));
    }

    @Test
    void anUnsetStartAndOneOf2To63OrMoreAreOutsideEveryWindow() {
        SpanWindow everything = SpanWindow.at(NOW, Duration.ofDays(365 * 1000), Duration.ofDays(365 * 1000));
        assertEquals("start_time_unix_nano is 0 (not set)", everything.problem(0));
        assertEquals("start_time_unix_nano 18446744073709551615 is past the year 2262", everything.problem(-1));
        assertNull(everything.problem(1));
        assertNull(everything.problem(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, everything.latestUnixNano(), "saturates rather than overflows");
    }

    @Test
    void twoWindowsIntersectToTheNarrowerBoundsAndTheirReasons() {
        SpanWindow other = SpanWindow.at(NOW, Duration.ofHours(6), Duration.ofHours(2));
        SpanWindow both = window.intersect(other);
        assertEquals(other.earliestUnixNano(), both.earliestUnixNano());
        assertEquals(window.latestUnixNano(), both.latestUnixNano());
        assertTrue(both.problem(NOW_NANOS - 7 * 60 * MINUTE).contains("(6h)"));
        assertTrue(both.problem(NOW_NANOS + 90 * MINUTE).contains("(1h)"));
    }

    @Test
    void theValidatorDropsSpansOutsideTheWindowAndCountsThemApart() {
        ScopeSpans scope = ScopeSpans.newBuilder()
                .addSpans(TestTraces.span(TestTraces.traceId(1), TestTraces.spanId(1), "in", NOW_NANOS, NOW_NANOS + 1))
                .addSpans(TestTraces.span(TestTraces.traceId(1), TestTraces.spanId(2), "late", NOW_NANOS + 90 * MINUTE,
                        NOW_NANOS + 91 * MINUTE))
                .addSpans(TestTraces.span(TestTraces.traceId(1), TestTraces.spanId(0), "bad-id", NOW_NANOS,
                        NOW_NANOS + 1).toBuilder().setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[2]))
                        .build())
                .build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(scope)).build();

        SpanIdValidator.Result result = SpanIdValidator.validate(request, window);

        assertEquals(2, result.rejectedSpans());
        assertEquals(1, result.outsideWindow());
        assertEquals(1, result.accepted().getResourceSpans(0).getScopeSpans(0).getSpansCount());
        assertTrue(result.message().contains("'late': starts at 2026-03-10T14:00:00Z, more than max_future_skew"),
                result.message());
        assertTrue(SpanIdValidator.validate(request).message().contains("'bad-id'"));
        assertEquals(1, SpanIdValidator.validate(request).rejectedSpans(), "no window, no time check");
    }
}
