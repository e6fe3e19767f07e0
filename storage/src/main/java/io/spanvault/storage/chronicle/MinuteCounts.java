package io.spanvault.storage.chronicle;

import java.util.Arrays;

/**
 * The calls and failed calls of one edge of the service map per minute (minutes since the epoch), over the
 * few hours a partition's calls fall in: arrays from a base minute that grow as minutes outside them come.
 * Not thread-safe: its owner serialises access.
 */
final class MinuteCounts {
    static final long MINUTE_NANOS = 60_000_000_000L;

    private long base;
    private long[] calls = new long[0];
    private long[] errors = new long[0];
    private long totalCalls;
    private long totalErrors;

    /** The minute (since the epoch) that {@code nanos} falls in. */
    static long minuteOf(long nanos) {
        return Math.floorDiv(nanos, MINUTE_NANOS);
    }

    void add(long minute, long callCount, long errorCount) {
        if (calls.length == 0) {
            base = minute;
            calls = new long[1];
            errors = new long[1];
        } else if (minute < base) {
            int shift = Math.toIntExact(base - minute);
            calls = shifted(calls, shift);
            errors = shifted(errors, shift);
            base = minute;
        } else if (minute - base >= calls.length) {
            int n = Math.toIntExact(Math.max(minute - base + 1, 2L * calls.length));
            calls = Arrays.copyOf(calls, n);
            errors = Arrays.copyOf(errors, n);
        }
        int i = (int) (minute - base);
        calls[i] += callCount;
        errors[i] += errorCount;
        totalCalls += callCount;
        totalErrors += errorCount;
    }

    private static long[] shifted(long[] counts, int shift) {
        long[] out = new long[counts.length + shift];
        System.arraycopy(counts, 0, out, shift, counts.length);
        return out;
    }

    /** How many minutes have calls (or errors). */
    int minutes() {
        int n = 0;
        for (int i = 0; i < calls.length; i++) {
            n += calls[i] != 0 || errors[i] != 0 ? 1 : 0;
        }
        return n;
    }

    /** Adds the calls and errors of minutes {@code from} to {@code to} (inclusive) to {@code into[0..1]}. */
    void sum(long from, long to, long[] into) {
        if (calls.length == 0) {
            return;
        }
        if (from <= base && to >= base + calls.length - 1) {
            into[0] += totalCalls;
            into[1] += totalErrors;
            return;
        }
        long first = Math.max(from, base);
        long last = Math.min(to, base + calls.length - 1);
        for (long m = first; m <= last; m++) {
            into[0] += calls[(int) (m - base)];
            into[1] += errors[(int) (m - base)];
        }
    }

    /** Visits each minute with calls, oldest first. */
    void forEach(MinuteVisitor visitor) {
        for (int i = 0; i < calls.length; i++) {
            if (calls[i] != 0 || errors[i] != 0) {
                visitor.minute(base + i, calls[i], errors[i]);
            }
        }
    }

    interface MinuteVisitor {
        void minute(long minute, long calls, long errors);
    }
}
