package io.spanvault.pipeline.otlp;

import io.spanvault.pipeline.config.GoDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * The span start times a store takes at one moment: from {@code retention} before now to
 * {@code maxFutureSkew} after it. A start of 0 (not set) or of 2^63 or more as an unsigned fixed64 (negative as
 * a Java long) is outside every window.
 *
 * @param earliestUnixNano the earliest start admitted
 * @param latestUnixNano   the latest start admitted
 * @param retention        what {@code earliestUnixNano} is measured by, for messages
 * @param maxFutureSkew    what {@code latestUnixNano} is measured by, for messages
 */
public record SpanWindow(long earliestUnixNano, long latestUnixNano, Duration retention, Duration maxFutureSkew) {

    /** The window at {@code now}. */
    public static SpanWindow at(Instant now, Duration retention, Duration maxFutureSkew) {
        long nowNanos = saturatedNanos(now);
        return new SpanWindow(saturatedAdd(nowNanos, -saturatedNanos(retention)),
                saturatedAdd(nowNanos, saturatedNanos(maxFutureSkew)), retention, maxFutureSkew);
    }

    /** Why a span starting at {@code startUnixNano} is outside the window, or null when it is inside. */
    public String problem(long startUnixNano) {
        if (startUnixNano == 0) {
            return "start_time_unix_nano is 0 (not set)";
        }
        if (startUnixNano < 0) {
            return "start_time_unix_nano " + Long.toUnsignedString(startUnixNano) + " is past the year 2262";
        }
        if (startUnixNano < earliestUnixNano) {
            return "starts at " + instant(startUnixNano) + ", before the retention window (" + GoDuration.format(retention)
                    + ")";
        }
        if (startUnixNano > latestUnixNano) {
            return "starts at " + instant(startUnixNano) + ", more than max_future_skew ("
                    + GoDuration.format(maxFutureSkew) + ") in the future";
        }
        return null;
    }

    /** The start times both windows admit. */
    public SpanWindow intersect(SpanWindow other) {
        return new SpanWindow(Math.max(earliestUnixNano, other.earliestUnixNano),
                Math.min(latestUnixNano, other.latestUnixNano),
                earliestUnixNano >= other.earliestUnixNano ? retention : other.retention,
                latestUnixNano <= other.latestUnixNano ? maxFutureSkew : other.maxFutureSkew);
    }

    private static Instant instant(long unixNano) {
        return Instant.ofEpochSecond(Math.floorDiv(unixNano, 1_000_000_000L), Math.floorMod(unixNano, 1_000_000_000L));
    }

    private static long saturatedNanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE + 1 : Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        // overflow iff both operands have the sign the sum lacks
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
