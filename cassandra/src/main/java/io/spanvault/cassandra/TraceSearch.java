package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.chronicle.QueryMatcher;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Runs a {@link TraceQuery}: walks the index entries of one condition (a tag, else the duration bounds, else
 * the operation, else the service; across every service when the query names none) newest start first, day by
 * day, and checks each candidate trace exactly with the same {@link QueryMatcher} the other backends use. It
 * stops as soon as no entry left can start after the {@code limit}-th trace found: a trace ranks by its latest
 * matching span, which is posted under that span's start.
 */
final class TraceSearch {
    /** A trace found, with the start of its latest matching span. */
    record Found(TraceId id, TracesData data, long latest) {
    }

    private static final Comparator<Found> NEWEST_FIRST =
            Comparator.comparingLong(Found::latest).reversed().thenComparing(Found::id);

    private final CqlSession session;
    private final PreparedQueries queries;
    private final ConsistencyLevel level;
    private final Function<ByteString, Optional<TracesData>> traces;
    private final List<String> allServices;

    TraceSearch(CqlSession session, PreparedQueries queries, ConsistencyLevel level,
            Function<ByteString, Optional<TracesData>> traces, List<String> allServices) {
        this.session = session;
        this.queries = queries;
        this.level = level;
        this.traces = traces;
        this.allServices = allServices;
    }

    List<Found> run(TraceQuery query) {
        QueryMatcher matcher = new QueryMatcher(query);
        long startMin = query.startTimeMin() == null ? Long.MIN_VALUE : nanos(query.startTimeMin());
        long startMax = query.startTimeMax() == null ? Long.MAX_VALUE : nanos(query.startTimeMax());
        List<String> services = query.serviceName() != null ? List.of(query.serviceName()) : allServices;
        List<Found> found = new ArrayList<>();
        Set<ByteString> seen = new HashSet<>();
        for (int day : StoredDays.within(session, queries, level, startMin, startMax)) {
            long dayEnd = (day + 1L) * CassandraSpanWriter.DAY_NANOS - 1;
            if (found.size() >= query.limit() && dayEnd < found.get(query.limit() - 1).latest()) {
                break;
            }
            PriorityQueue<IndexCursor> entries = new PriorityQueue<>(
                    Comparator.comparingLong(IndexCursor::start).reversed());
            for (IndexCursor cursor : cursors(query, services, day, startMin, startMax)) {
                if (cursor.advance()) {
                    entries.add(cursor);
                }
            }
            while (!entries.isEmpty()) {
                IndexCursor next = entries.poll();
                if (found.size() >= query.limit() && next.start() < found.get(query.limit() - 1).latest()) {
                    return found;
                }
                if (seen.add(next.traceId())) {
                    check(matcher, next.traceId(), found, query.limit());
                }
                if (next.advance()) {
                    entries.add(next);
                }
            }
        }
        return found;
    }

    private void check(QueryMatcher matcher, ByteString traceId, List<Found> found, int limit) {
        Optional<TracesData> data = traces.apply(traceId);
        if (data.isEmpty()) {
            return; // expired between the index entry and the spans
        }
        long latest = matcher.wholeTrace() ? matcher.latestSelectedSpanOfMatchingTrace(data.get())
                : matcher.latestMatchingSpan(data.get());
        if (latest == QueryMatcher.NO_MATCH) {
            return;
        }
        found.add(new Found(TraceId.of(traceId), data.get(), latest));
        found.sort(NEWEST_FIRST);
        if (found.size() > limit) {
            found.remove(found.size() - 1);
        }
    }

    /** One cursor per index partition the query's chosen condition names on that day. */
    private List<IndexCursor> cursors(TraceQuery query, List<String> services, int day, long startMin,
            long startMax) {
        List<IndexCursor> cursors = new ArrayList<>();
        boolean sameSpan = query.match() == TraceQuery.Match.SAME_SPAN;
        if (sameSpan && !query.attributes().isEmpty()) {
            Map.Entry<String, String> tag = new TreeMap<>(query.attributes()).firstEntry();
            for (String service : services) {
                for (String form : SpanTags.valueForms(tag.getValue())) {
                    cursors.add(open(queries.selectTagIndex.bind(service, tag.getKey(), form, day, startMin,
                            startMax)));
                }
            }
        } else if (sameSpan && (query.durationMin() != null || query.durationMax() != null)) {
            long min = query.durationMin() == null ? Long.MIN_VALUE : query.durationMin().toNanos();
            long max = query.durationMax() == null ? Long.MAX_VALUE : query.durationMax().toNanos();
            String operation = query.operationName() == null ? "" : query.operationName();
            for (String service : services) {
                cursors.add(byDuration(queries.selectDurationIndex.bind(service, operation, day, min, max),
                        startMin, startMax));
            }
        } else if (query.operationName() != null) {
            for (String service : services) {
                cursors.add(open(queries.selectOperationIndex.bind(service, query.operationName(), day, startMin,
                        startMax)));
            }
        } else {
            for (String service : services) {
                cursors.add(open(queries.selectServiceIndex.bind(service, day, startMin, startMax)));
            }
        }
        return cursors;
    }

    private IndexCursor open(BoundStatement statement) {
        return new IndexCursor(session.executeAsync(statement.setConsistencyLevel(level)));
    }

    /** The duration index is ordered by duration: its day's entries in the window, sorted by start. */
    private IndexCursor byDuration(BoundStatement statement, long startMin, long startMax) {
        List<Row> rows = Pages.all(session.executeAsync(statement.setConsistencyLevel(level))).join();
        List<Row> inWindow = new ArrayList<>(rows.size());
        for (Row row : rows) {
            long start = row.getLong(0);
            if (start >= startMin && start <= startMax) {
                inWindow.add(row);
            }
        }
        inWindow.sort(Comparator.comparingLong((Row r) -> r.getLong(0)).reversed());
        return IndexCursor.over(inWindow);
    }

    static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
