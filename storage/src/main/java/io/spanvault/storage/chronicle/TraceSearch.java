package io.spanvault.storage.chronicle;

import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a {@link TraceQuery} over the partitions, newest hour first. In each hour every lane yields the chunks
 * posted under all the query's terms ({@link ChunkCandidates}), newest write first, each with a bound on the
 * start of what it has left; candidates are taken from the lane with the latest bound, pre-filtered on their
 * index record and checked exactly, and the search stops as soon as no remaining chunk can displace one of
 * the {@code limit} newest traces found. So its cost follows the shortest posting list and the limit, not
 * what is stored.
 */
final class TraceSearch {

    private final QueryMatcher matcher;
    private final int limit;
    private final Function<TraceId, TracesData> wholeTrace;
    private final Map<TraceId, Long> found = new HashMap<>();
    /** The keys of {@link #found} as a multiset, so the limit-th newest is found without sorting them all. */
    private final TreeMap<Long, Integer> keys = new TreeMap<>();
    private final Set<TraceId> checkedTraces = new HashSet<>();
    private final IndexRecord record = new IndexRecord();
    private int checkedChunks;
    private int readTraces;
    private final ByteBuffer scratch = ByteBuffer.allocate(IndexRecord.SIZE);

    TraceSearch(TraceQuery query, Function<TraceId, TracesData> wholeTrace) {
        this.matcher = new QueryMatcher(query);
        this.limit = query.limit();
        this.wholeTrace = wholeTrace;
    }

    /** How many candidate chunks the search checked exactly: what its cost follows. */
    int checkedChunks() {
        return checkedChunks;
    }

    /** How many whole traces a {@code match=trace} search read: the candidates its trace heads did not settle. */
    int readTraces() {
        return readTraces;
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
        List<Stream> streams = new ArrayList<>();
        for (Partition p : sameHour) {
            for (int lane = 0; lane < p.laneCount(); lane++) {
                ChunkCandidates candidates = p.candidates(lane, matcher.conditions(), matcher.startMin(),
                        matcher.startMax(), matcher.chunkDurationMin(), matcher.chunkDurationMax());
                if (candidates != null) {
                    streams.add(new Stream(p, lane, candidates));
                }
            }
        }
        while (true) {
            Stream latest = null;
            for (Stream st : streams) {
                if (latest == null || st.candidates.bound() > latest.candidates.bound()) {
                    latest = st;
                }
            }
            if (latest == null || latest.candidates.bound() == Long.MIN_VALUE) {
                return true;
            }
            if (threshold() > latest.candidates.bound()) {
                return false;
            }
            long offset = next(latest);
            if (offset == Postings.END) {
                streams.remove(latest);
            } else if (latest.partition.record(latest.lane, offset, record, scratch) && matcher.mayMatch(record)) {
                check(new Candidate(latest.partition, latest.lane, new TraceId(record.traceHigh(), record.traceLow()),
                        record.chunkOffset(), record.startMax()));
            }
        }
    }

    private static long next(Stream st) {
        try {
            return st.candidates.next();
        } catch (IOException e) {
            throw new StorageException("searching partition " + st.partition.id().directoryName() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private void check(Candidate c) {
        checkedChunks++;
        long key;
        if (matcher.wholeTrace()) {
            if (!checkedTraces.add(c.traceId()) || outOfDurationBounds(c)) {
                return;
            }
            readTraces++;
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

    /**
     * Whether the trace's head in the candidate's partition shows its duration out of the query's bounds, so
     * it needs no reading: the head's bounds take in the trace's pieces the writes met (see
     * {@link CrossPartitionCalls}). False when the query bounds no duration or the head knows no bounds.
     */
    private boolean outOfDurationBounds(Candidate c) {
        if (!matcher.boundsTraceDuration() || !c.partition().hasTraceBounds()) {
            return false;
        }
        TraceHeads.Head head = c.partition().head(c.lane(), c.traceId());
        return head != null && head.boundsKnown() && !matcher.traceLastsWithinBounds(head.traceStart(), head.traceEnd());
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

    private record Stream(Partition partition, int lane, ChunkCandidates candidates) {
    }

    private record Candidate(Partition partition, int lane, TraceId traceId, long offset, long startMax) {
    }
}
