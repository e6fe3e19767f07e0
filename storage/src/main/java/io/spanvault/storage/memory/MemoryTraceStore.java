package io.spanvault.storage.memory;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.pipeline.otlp.Attributes;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.Operation;
import io.spanvault.storage.SpanVisitor;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.TraceStore;
import io.spanvault.storage.chronicle.QueryMatcher;
import io.spanvault.storage.chronicle.SearchTerms;
import io.spanvault.storage.chronicle.TraceAssembler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Traces on the heap, bounded by span count and by bytes: past either bound the traces stored first are
 * dropped whole, oldest first (a trace keeps its place when later spans join it). Each write's spans of one
 * trace are kept as one {@link ResourceSpans} per resource, as received; searches check every trace exactly
 * with the same matcher the Chronicle store uses on decoded chunks, so both answer alike. Meant for tests and
 * small deployments: a search costs a pass over every stored trace.
 */
public final class MemoryTraceStore implements TraceStore {
    private static final long HOUR_NANOS = 3_600_000_000_000L;

    private static final class StoredTrace {
        final List<ResourceSpans> pieces = new ArrayList<>(2);
        long spans;
        long bytes;

        TracesData data() {
            return TracesData.newBuilder().addAllResourceSpans(pieces).build();
        }
    }

    private record Ranked(TraceId id, long latest) {
    }

    private final long maxSpans;
    private final long maxBytes;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final LinkedHashMap<TraceId, StoredTrace> traces = new LinkedHashMap<>();
    /** service → operation → spans stored with it, so that dropped traces take their operations along. */
    private final Map<String, Map<Operation, Long>> operations = new TreeMap<>();
    private long spans;
    private long bytes;
    private long evictedSpans;
    private long invalidSpans;
    private boolean closed;

    public MemoryTraceStore(MemoryStoreConfig config) {
        this.maxSpans = config.maxSpans();
        this.maxBytes = config.maxBytes();
    }

    /** On the heap: a write never waits. */
    @Override
    public boolean writesWithoutWaiting() {
        return true;
    }

    @Override
    public void write(ExportTraceServiceRequest batch) {
        Map<TraceId, List<ResourceSpans>> pieces = new LinkedHashMap<>();
        long invalid = 0;
        for (ResourceSpans rs : batch.getResourceSpansList()) {
            Map<TraceId, ResourceSpans.Builder> byTrace = new LinkedHashMap<>();
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                Map<TraceId, ScopeSpans.Builder> scopeByTrace = new LinkedHashMap<>();
                for (Span span : ss.getSpansList()) {
                    if (span.getTraceId().size() != 16) {
                        invalid++;
                        continue;
                    }
                    scopeByTrace.computeIfAbsent(TraceId.of(span.getTraceId()), id -> ScopeSpans.newBuilder()
                            .setScope(ss.getScope()).setSchemaUrl(ss.getSchemaUrl())).addSpans(span);
                }
                scopeByTrace.forEach((id, scope) -> byTrace.computeIfAbsent(id, k -> ResourceSpans.newBuilder()
                        .setResource(rs.getResource()).setSchemaUrl(rs.getSchemaUrl())).addScopeSpans(scope));
            }
            byTrace.forEach((id, piece) -> pieces.computeIfAbsent(id, k -> new ArrayList<>()).add(piece.build()));
        }
        lock.writeLock().lock();
        try {
            if (closed) {
                throw new StorageException("the memory store is closed");
            }
            invalidSpans += invalid;
            pieces.forEach(this::add);
            evictWhileOverBounds();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void add(TraceId id, List<ResourceSpans> added) {
        StoredTrace trace = traces.computeIfAbsent(id, k -> new StoredTrace());
        for (ResourceSpans piece : added) {
            long pieceBytes = piece.getSerializedSize();
            long pieceSpans = countOperations(piece, 1);
            trace.pieces.add(piece);
            trace.spans += pieceSpans;
            trace.bytes += pieceBytes;
            spans += pieceSpans;
            bytes += pieceBytes;
        }
    }

    /** Adds {@code delta} per span to the operation counts of the piece; returns its span count. */
    private long countOperations(ResourceSpans piece, long delta) {
        Map<Operation, Long> ops = operations.computeIfAbsent(Attributes.serviceName(piece.getResource()),
                k -> new HashMap<>());
        long count = 0;
        for (ScopeSpans ss : piece.getScopeSpansList()) {
            for (Span span : ss.getSpansList()) {
                ops.merge(new Operation(span.getName(), SearchTerms.kindName(span.getKind())), delta,
                        (a, b) -> a + b == 0 ? null : a + b);
                count++;
            }
        }
        if (ops.isEmpty()) {
            operations.remove(Attributes.serviceName(piece.getResource()));
        }
        return count;
    }

    private void evictWhileOverBounds() {
        Iterator<StoredTrace> oldestFirst = traces.values().iterator();
        while ((spans > maxSpans || bytes > maxBytes) && oldestFirst.hasNext()) {
            StoredTrace trace = oldestFirst.next();
            oldestFirst.remove();
            for (ResourceSpans piece : trace.pieces) {
                countOperations(piece, -1);
            }
            spans -= trace.spans;
            bytes -= trace.bytes;
            evictedSpans += trace.spans;
        }
    }

    @Override
    public Optional<TracesData> getTrace(TraceId traceId, Instant startTimeMin, Instant startTimeMax) {
        lock.readLock().lock();
        try {
            StoredTrace trace = traces.get(traceId);
            return trace == null ? Optional.empty() : Optional.of(TraceAssembler.regroup(trace.data()));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<TracesData> findTraces(TraceQuery query) {
        lock.readLock().lock();
        try {
            List<TracesData> found = new ArrayList<>();
            for (Ranked r : rank(query)) {
                found.add(TraceAssembler.regroup(traces.get(r.id()).data()));
            }
            return found;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<TraceId> findTraceIds(TraceQuery query) {
        lock.readLock().lock();
        try {
            return rank(query).stream().map(Ranked::id).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The matching traces by their latest matching span, newest first, at most the query's limit. */
    private List<Ranked> rank(TraceQuery query) {
        QueryMatcher matcher = new QueryMatcher(query);
        List<Ranked> matching = new ArrayList<>();
        for (Map.Entry<TraceId, StoredTrace> e : traces.entrySet()) {
            TracesData data = e.getValue().data();
            long latest = matcher.wholeTrace() ? matcher.latestSelectedSpanOfMatchingTrace(data)
                    : matcher.latestMatchingSpan(data);
            if (latest != QueryMatcher.NO_MATCH) {
                matching.add(new Ranked(e.getKey(), latest));
            }
        }
        matching.sort(Comparator.comparingLong(Ranked::latest).reversed().thenComparing(Ranked::id));
        return matching.size() > query.limit() ? matching.subList(0, query.limit()) : matching;
    }

    @Override
    public List<String> getServices() {
        lock.readLock().lock();
        try {
            return List.copyOf(operations.keySet());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<Operation> getOperations(String service, String spanKind) {
        lock.readLock().lock();
        try {
            return operations.getOrDefault(service, Map.of()).keySet().stream()
                    .filter(op -> spanKind == null || op.spanKind().equalsIgnoreCase(spanKind))
                    .sorted(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind)).toList();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<DependencyLink> getDependencies(Instant endTime, Duration lookback) {
        long to = nanos(endTime);
        long from = nanos(endTime.minus(lookback));
        Map<String, Map<String, long[]>> calls = new TreeMap<>();
        lock.readLock().lock();
        try {
            for (StoredTrace trace : traces.values()) {
                Map<ByteString, String> serviceOfSpan = new HashMap<>();
                forEachSpan(trace, (service, span) -> serviceOfSpan.put(span.getSpanId(), service));
                forEachSpan(trace, (service, span) -> {
                    String parent = span.getParentSpanId().isEmpty() ? null : serviceOfSpan.get(span.getParentSpanId());
                    long start = span.getStartTimeUnixNano();
                    if (parent != null && !parent.equals(service) && start >= from && start <= to) {
                        long[] counts = calls.computeIfAbsent(parent, k -> new TreeMap<>())
                                .computeIfAbsent(service, k -> new long[2]);
                        counts[0]++;
                        counts[1] += span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR ? 1 : 0;
                    }
                });
            }
        } finally {
            lock.readLock().unlock();
        }
        List<DependencyLink> links = new ArrayList<>();
        calls.forEach((parent, children) -> children.forEach((child, counts) ->
                links.add(new DependencyLink(parent, child, counts[0], counts[1]))));
        return links;
    }

    @Override
    public boolean scanSpans(Set<String> services, Instant startTimeMin, Instant startTimeMax, SpanVisitor visitor) {
        long from = nanos(startTimeMin);
        long to = nanos(startTimeMax);
        TreeMap<Long, List<Runnable>> byHourNewestFirst = new TreeMap<>(Comparator.reverseOrder());
        boolean[] stopped = {false};
        lock.readLock().lock();
        try {
            for (StoredTrace trace : traces.values()) {
                forEachSpan(trace, (service, span) -> {
                    long start = span.getStartTimeUnixNano();
                    if (start < from || start > to || !services.isEmpty() && !services.contains(service)) {
                        return;
                    }
                    byHourNewestFirst.computeIfAbsent(Math.floorDiv(start, HOUR_NANOS), k -> new ArrayList<>())
                            .add(() -> stopped[0] = !visitor.visit(service, span.getName(),
                                    SearchTerms.kindName(span.getKind()), start,
                                    Math.max(0, span.getEndTimeUnixNano() - start),
                                    span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR));
                });
            }
        } finally {
            lock.readLock().unlock();
        }
        for (List<Runnable> hour : byHourNewestFirst.values()) {
            for (Runnable visit : hour) {
                visit.run();
                if (stopped[0]) {
                    return false;
                }
            }
        }
        return true;
    }

    private interface SpanAction {
        void accept(String service, Span span);
    }

    private static void forEachSpan(StoredTrace trace, SpanAction action) {
        for (ResourceSpans rs : trace.pieces) {
            String service = Attributes.serviceName(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    action.accept(service, span);
                }
            }
        }
    }

    private static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    public long spanCount() {
        lock.readLock().lock();
        try {
            return spans;
        } finally {
            lock.readLock().unlock();
        }
    }

    public long traceCount() {
        lock.readLock().lock();
        try {
            return traces.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Spans dropped to stay within the bounds. */
    public long evictedSpans() {
        lock.readLock().lock();
        try {
            return evictedSpans;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Spans not stored because their trace id is not 16 bytes. */
    public long invalidSpans() {
        lock.readLock().lock();
        try {
            return invalidSpans;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            traces.clear();
            operations.clear();
            spans = 0;
            bytes = 0;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
