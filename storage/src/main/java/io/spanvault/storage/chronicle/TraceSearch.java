package io.spanvault.storage.chronicle;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a {@link TraceQuery} over the partitions, newest hour first. In each hour the index of every lane is
 * scanned for candidate chunks (time, duration and Bloom pre-filter), candidates are checked exactly, latest
 * first (so the order of the lanes does not matter), and the search stops as soon as no remaining chunk can displace one of the {@code limit} newest traces found.
 */
final class TraceSearch {
    private static final int CHECK_EVERY = 64;

    private final QueryMatcher matcher;
    private final int limit;
    private final Function<TraceId, TracesData> wholeTrace;
    private final Map<TraceId, Long> found = new HashMap<>();
    /** The keys of {@link #found} as a multiset, so the limit-th newest is found without sorting them all. */
    private final TreeMap<Long, Integer> keys = new TreeMap<>();
    private final Set<TraceId> checkedTraces = new HashSet<>();

    TraceSearch(TraceQuery query, Function<TraceId, TracesData> wholeTrace) {
        this.matcher = new QueryMatcher(query);
        this.limit = query.limit();
        this.wholeTrace = wholeTrace;
    }

    /** The matching trace ids, newest first; {@code partitions} sorted oldest first. */
    List<TraceId> run(List<Partition> partitions) {
        int end = partitions.size();
        while (end > 0) {
            long hour = partitions.get(end - 1).id().hour();
            int start = end - 1;
            while (start > 0 && partitions.get(start - 1).id().hour() == hour) {
                start--;
            }
            List<Partition> sameHour = partitions.subList(start, end);
            end = start;
            long hourStart = hour * ChunkAssembler.HOUR_NANOS;
            if (hourStart > matcher.startMax() || hourStart + ChunkAssembler.HOUR_NANOS <= matcher.startMin()) {
                continue;
            }
            if (threshold() >= hourStart + ChunkAssembler.HOUR_NANOS) {
                break;
            }
            if (!searchHour(sameHour)) {
                break;
            }
        }
        List<Map.Entry<TraceId, Long>> entries = new ArrayList<>(found.entrySet());
        entries.sort(Map.Entry.<TraceId, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<TraceId> ids = new ArrayList<>(Math.min(limit, entries.size()));
        for (int i = 0; i < entries.size() && i < limit; i++) {
            ids.add(entries.get(i).getKey());
        }
        return ids;
    }

    /** Returns false when the search is complete. */
    private boolean searchHour(List<Partition> sameHour) {
        List<Candidate> candidates = new ArrayList<>();
        for (Partition p : sameHour) {
            p.scan((lane, r) -> {
                if (matcher.mayMatch(r)) {
                    candidates.add(new Candidate(p, lane, new TraceId(r.traceHigh(), r.traceLow()), r.chunkOffset(),
                            r.startMax()));
                }
                return true;
            });
        }
        candidates.sort(Comparator.comparingLong(Candidate::startMax).reversed());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (i % CHECK_EVERY == 0 && threshold() > c.startMax()) {
                return false;
            }
            check(c);
        }
        return true;
    }

    private void check(Candidate c) {
        long key;
        if (matcher.wholeTrace()) {
            if (!checkedTraces.add(c.traceId())) {
                return;
            }
            key = matcher.latestSelectedSpanOfMatchingTrace(wholeTrace.apply(c.traceId()));
        } else {
            key = matcher.latestMatchingSpan(TraceAssembler.parse(c.partition().chunk(c.lane(), c.offset())));
        }
        if (key == QueryMatcher.NO_MATCH) {
            return;
        }
        Long old = found.get(c.traceId());
        if (old == null || old < key) {
            found.put(c.traceId(), key);
            keys.merge(key, 1, Integer::sum);
            if (old != null) {
                keys.computeIfPresent(old, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    /** The key of the limit-th newest trace found, or the lowest key while fewer were found. */
    private long threshold() {
        if (found.size() < limit) {
            return Long.MIN_VALUE;
        }
        int seen = 0;
        for (Map.Entry<Long, Integer> e : keys.descendingMap().entrySet()) {
            seen += e.getValue();
            if (seen >= limit) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("fewer keys than traces found");
    }

    private record Candidate(Partition partition, int lane, TraceId traceId, long offset, long startMax) {
    }
}
