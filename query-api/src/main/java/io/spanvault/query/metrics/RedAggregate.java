package io.spanvault.query.metrics;

import io.spanvault.storage.TraceReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Calls, errors and durations of the spans of a {@link RedWindow}, per service and operation, counted in time
 * buckets from one scan of the store, from which every point of every metric is then read. Buckets are the
 * greatest common divisor of {@code step} and {@code ratePer}, so each point's window is exactly its
 * {@code ratePer}; when that would need more than {@value #MAX_BUCKETS} buckets, buckets are {@code step}
 * wide and a window is {@code ratePer} rounded to whole steps.
 *
 * <p>Bounded: the scan reads at most {@code maxSpans} spans, newest hour first; when it stops early, only the
 * points whose window lies in the hours read completely are answered ({@link #coveredFrom}). At most
 * {@value #MAX_CELLS} series × buckets are kept; series past that are left out ({@link #seriesLeftOut}).
 */
final class RedAggregate {
    static final int MAX_BUCKETS = 20_000;
    static final int MAX_CELLS = 2_000_000;
    private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();

    /** One service's, or one operation's, counts per bucket. */
    static final class Series {
        final int[] calls;
        final int[] errors;
        final LatencyHistogram[] latencies;

        Series(int buckets) {
            calls = new int[buckets];
            errors = new int[buckets];
            latencies = new LatencyHistogram[buckets];
        }

        void add(int bucket, long durationNanos, boolean error) {
            calls[bucket]++;
            if (error) {
                errors[bucket]++;
            }
            LatencyHistogram h = latencies[bucket];
            if (h == null) {
                h = latencies[bucket] = new LatencyHistogram();
            }
            h.add(durationNanos);
        }

        void addAll(Series other) {
            for (int i = 0; i < calls.length; i++) {
                calls[i] += other.calls[i];
                errors[i] += other.errors[i];
                if (other.latencies[i] != null) {
                    if (latencies[i] == null) {
                        latencies[i] = new LatencyHistogram();
                    }
                    latencies[i].addAll(other.latencies[i]);
                }
            }
        }
    }

    private final long origin;
    private final long bucketNanos;
    private final int bucketsPerStep;
    private final int bucketsPerWindow;
    private final int buckets;
    private final int points;
    private final long startNanos;
    private final int maxSeries;
    /** service → operation → series, operations sorted by name. */
    private final Map<String, TreeMap<String, Series>> series = new HashMap<>();
    private int seriesCount;
    private boolean seriesLeftOut;
    private long coveredFrom = Long.MIN_VALUE;

    private RedAggregate(RedWindow w) {
        long step = w.step().toNanos();
        long ratePer = w.ratePer().toNanos();
        long lookback = w.lookback().toNanos();
        long gcd = gcd(step, ratePer);
        if ((lookback + ratePer) / gcd < MAX_BUCKETS) {
            bucketNanos = gcd;
            bucketsPerStep = (int) (step / gcd);
            bucketsPerWindow = (int) (ratePer / gcd);
        } else {
            bucketNanos = step;
            bucketsPerStep = 1;
            bucketsPerWindow = (int) Math.max(1, Math.round((double) ratePer / step));
        }
        points = (int) (lookback / step) + 1;
        startNanos = nanos(w.end()) - lookback;
        origin = startNanos - bucketsPerWindow * bucketNanos;
        buckets = (points - 1) * bucketsPerStep + bucketsPerWindow;
        maxSeries = Math.max(1, MAX_CELLS / buckets);
    }

    /** Scans the window's spans from {@code reader}, reading at most {@code maxSpans}. */
    static RedAggregate of(TraceReader reader, RedWindow w, long maxSpans) {
        RedAggregate a = new RedAggregate(w);
        long[] visited = {0};
        long end = a.origin + (long) a.buckets * a.bucketNanos;
        reader.scanSpans(w.services(), instant(a.origin + 1), instant(end),
                (service, operation, kind, start, duration, error) -> {
                    if (++visited[0] > maxSpans) {
                        // Hours after this span's were read whole: answer only from them.
                        a.coveredFrom = (Math.floorDiv(start, HOUR_NANOS) + 1) * HOUR_NANOS;
                        return false;
                    }
                    if (w.spanKinds().contains(kind.isEmpty() ? "unspecified" : kind)) {
                        a.add(service, operation, start, duration, error);
                    }
                    return true;
                });
        return a;
    }

    private void add(String service, String operation, long start, long duration, boolean error) {
        int bucket = (int) ((start - origin - 1) / bucketNanos);
        if (bucket < 0 || bucket >= buckets) {
            return;
        }
        TreeMap<String, Series> operations = series.computeIfAbsent(service, s -> new TreeMap<>());
        Series s = operations.get(operation);
        if (s == null) {
            if (seriesCount >= maxSeries) {
                seriesLeftOut = true;
                return;
            }
            s = new Series(buckets);
            operations.put(operation, s);
            seriesCount++;
        }
        s.add(bucket, duration, error);
    }

    /** The operations of {@code service} with spans in the window, by name. */
    Map<String, Series> operations(String service) {
        return series.getOrDefault(service, new TreeMap<>());
    }

    /** Every operation of {@code service} together; null when it has no span in the window. */
    Series service(String service) {
        Map<String, Series> operations = operations(service);
        if (operations.isEmpty()) {
            return null;
        }
        Series total = new Series(buckets);
        for (Series s : operations.values()) {
            total.addAll(s);
        }
        return total;
    }

    boolean seriesLeftOut() {
        return seriesLeftOut;
    }

    /** The first point to answer: those before it have windows the scan did not read whole. */
    int firstPoint() {
        int first = 0;
        while (first < points && origin + (long) first * bucketsPerStep * bucketNanos < coveredFrom) {
            first++;
        }
        return first;
    }

    int points() {
        return points;
    }

    Instant pointTime(int point) {
        return instant(startNanos + (long) point * bucketsPerStep * bucketNanos);
    }

    /** The length of one point's window, seconds. */
    double windowSeconds() {
        return bucketsPerWindow * (double) bucketNanos / 1e9;
    }

    /** Calls per second at each point from {@code first}. */
    List<Double> callRates(Series s, int first) {
        List<Double> values = new ArrayList<>(points - first);
        long calls = 0;
        for (int b = 0; b < buckets; b++) {
            calls += s.calls[b];
            if (b >= bucketsPerWindow) {
                calls -= s.calls[b - bucketsPerWindow];
            }
            int point = pointEndingAt(b);
            if (point >= first) {
                values.add(calls / windowSeconds());
            }
        }
        return values;
    }

    /** Errors over calls at each point from {@code first}; NaN for a window without calls. */
    List<Double> errorRates(Series s, int first) {
        List<Double> values = new ArrayList<>(points - first);
        long calls = 0;
        long errors = 0;
        for (int b = 0; b < buckets; b++) {
            calls += s.calls[b];
            errors += s.errors[b];
            if (b >= bucketsPerWindow) {
                calls -= s.calls[b - bucketsPerWindow];
                errors -= s.errors[b - bucketsPerWindow];
            }
            int point = pointEndingAt(b);
            if (point >= first) {
                values.add(calls == 0 ? Double.NaN : (double) errors / calls);
            }
        }
        return values;
    }

    /** The {@code quantile} of durations in milliseconds at each point from {@code first}; NaN without spans. */
    List<Double> latencies(Series s, double quantile, int first) {
        List<Double> values = new ArrayList<>(points - first);
        LatencyHistogram window = new LatencyHistogram();
        for (int b = 0; b < buckets; b++) {
            if (s.latencies[b] != null) {
                window.addAll(s.latencies[b]);
            }
            if (b >= bucketsPerWindow && s.latencies[b - bucketsPerWindow] != null) {
                window.removeAll(s.latencies[b - bucketsPerWindow]);
            }
            int point = pointEndingAt(b);
            if (point >= first) {
                values.add(window.quantileMillis(quantile));
            }
        }
        return values;
    }

    /** The point whose window ends with bucket {@code b}, or -1. */
    private int pointEndingAt(int b) {
        int sinceFirst = b - (bucketsPerWindow - 1);
        return sinceFirst >= 0 && sinceFirst % bucketsPerStep == 0 ? sinceFirst / bucketsPerStep : -1;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
