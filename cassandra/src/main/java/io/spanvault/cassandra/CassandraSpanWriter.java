package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.storage.StorageException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes batches: each trace's spans as unlogged batches on its partition, each index partition's entries
 * likewise, all sent at once within the bound of {@link InFlightRequests}, and returns only when Cassandra
 * acknowledged every one at the write consistency level; otherwise it throws {@link StorageException} (which
 * the store exporter reports as retryable, so the sender retries). The service map's counters are added after
 * the spans are in: a failure there is logged and counted, not retried, because retrying the write would
 * store its spans twice.
 */
final class CassandraSpanWriter {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraSpanWriter.class);
    static final long DAY_NANOS = 86_400_000_000_000L;
    /** Unlogged batches stay well under Cassandra's batch_size_fail_threshold (50 KiB by default). */
    private static final int BATCH_BYTES = 24 * 1024;
    private static final int BATCH_STATEMENTS = 100;
    private static final int CATALOG_CACHE_MAX = 100_000;

    private final PreparedQueries queries;
    private final InFlightRequests requests;
    private final ConsistencyLevel level;
    private final ConsistencyLevel readLevel;
    private final long ttlNanos;
    private final Duration timeout;
    private final Clock clock;
    /** Catalog rows (days, services, operations) written by this process, by the day they were written on. */
    private final Map<Object, Long> catalog = new ConcurrentHashMap<>();
    final AtomicLong writtenSpans = new AtomicLong();
    final AtomicLong invalidSpans = new AtomicLong();
    final AtomicLong expiredSpans = new AtomicLong();
    final AtomicLong failedCallUpdates = new AtomicLong();

    private record Catalog(String table, Object a, Object b, Object c) {
    }

    CassandraSpanWriter(PreparedQueries queries, InFlightRequests requests, CassandraStoreConfig config, Clock clock) {
        this.queries = queries;
        this.requests = requests;
        this.level = config.consistency().writeLevel();
        this.readLevel = config.consistency().readLevel();
        this.ttlNanos = config.ttl().toNanos();
        this.timeout = config.requestTimeout();
        this.clock = clock;
    }

    void write(ExportTraceServiceRequest batch) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long now = nowNanos();
        SpanRows cut = SpanRows.of(batch);
        invalidSpans.addAndGet(cut.invalid());
        Map<ByteString, List<SpanRow>> traces = new LinkedHashMap<>();
        long expired = 0;
        long spans = 0;
        for (Map.Entry<ByteString, List<SpanRow>> e : cut.byTrace().entrySet()) {
            List<SpanRow> kept = new ArrayList<>(e.getValue().size());
            for (SpanRow row : e.getValue()) {
                if (ttlSeconds(row.start(), now) < 0) {
                    expired++;
                } else {
                    kept.add(row);
                }
            }
            if (!kept.isEmpty()) {
                traces.put(e.getKey(), kept);
                spans += kept.size();
            }
        }
        expiredSpans.addAndGet(expired);
        if (traces.isEmpty()) {
            return;
        }
        Map<ServiceCalls.Link, long[]> calls = storedCalls(traces, deadline);
        List<CompletableFuture<?>> writes = new ArrayList<>();
        try {
            for (Statement<?> statement : statements(traces, now)) {
                writes.add(requests.send(statement, deadline));
            }
            await(writes, "writing " + spans + " spans");
        } catch (StorageException e) {
            catalog.clear();
            throw e;
        }
        writtenSpans.addAndGet(spans);
        addCalls(calls, deadline);
    }

    /** Reads the trace's stored spans (before writing: see {@link ServiceCalls}) and pairs them with the new. */
    private Map<ServiceCalls.Link, long[]> storedCalls(Map<ByteString, List<SpanRow>> traces, long deadline) {
        Map<ByteString, CompletableFuture<List<Row>>> reads = new LinkedHashMap<>();
        for (ByteString traceId : traces.keySet()) {
            BoundStatement select = queries.selectCallSpans.bind(buffer(traceId)).setConsistencyLevel(readLevel);
            reads.put(traceId, Pages.all(requests.send(select, deadline)));
        }
        await(new ArrayList<>(reads.values()), "reading the stored spans of " + reads.size() + " traces");
        Map<ServiceCalls.Link, long[]> counts = new HashMap<>();
        reads.forEach((traceId, rows) -> ServiceCalls.count(traces.get(traceId), rows.join(), counts));
        return counts;
    }

    private void addCalls(Map<ServiceCalls.Link, long[]> calls, long deadline) {
        if (calls.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> updates = new ArrayList<>();
        try {
            calls.forEach((link, c) -> updates.add(requests.send(queries.countCalls.bind(c[0], c[1], link.hour(),
                    link.parent(), link.child()).setConsistencyLevel(level), deadline + timeout.toNanos())));
            await(updates, "counting " + calls.size() + " service-map links");
        } catch (StorageException e) {
            failedCallUpdates.addAndGet(calls.size());
            LOG.warn("service map not updated for {} links of stored spans: {}", calls.size(), e.getMessage());
        }
    }

    private List<Statement<?>> statements(Map<ByteString, List<SpanRow>> traces, long now) {
        List<Statement<?>> out = new ArrayList<>();
        Map<Object, Batcher> index = new LinkedHashMap<>();
        for (Map.Entry<ByteString, List<SpanRow>> e : traces.entrySet()) {
            ByteBuffer traceId = buffer(e.getKey());
            Batcher spans = new Batcher(out);
            for (SpanRow row : e.getValue()) {
                int ttl = ttlSeconds(row.start(), now);
                int day = (int) Math.floorDiv(row.start(), DAY_NANOS);
                spans.add(queries.insertSpan.bind(traceId, row.start(), buffer(row.spanId()), Uuids.timeBased(),
                        buffer(row.parentId()), row.service(), row.error(), buffer(row.body()), ttl),
                        row.body().size());
                indexRows(index, out, traceId, row, day, ttl);
                catalogRows(out, row, day);
            }
            spans.flush();
        }
        index.values().forEach(Batcher::flush);
        return out;
    }

    private void indexRows(Map<Object, Batcher> index, List<Statement<?>> out, ByteBuffer traceId, SpanRow row,
            int day, int ttl) {
        String service = row.service();
        String operation = row.operation();
        long start = row.start();
        indexRow(index, out, 3, List.of("s", service, day, start, traceId),
                () -> queries.insertServiceIndex.bind(service, day, start, traceId, ttl));
        indexRow(index, out, 4, List.of("o", service, operation, day, start, traceId),
                () -> queries.insertOperationIndex.bind(service, operation, day, start, traceId, ttl));
        long duration = row.duration();
        for (String op : new String[] {operation, ""}) {
            indexRow(index, out, 4, List.of("d", service, op, day, duration, start, traceId),
                    () -> queries.insertDurationIndex.bind(service, op, day, duration, start, traceId, ttl));
        }
        for (SpanTags.Tag tag : SpanTags.of(row)) {
            indexRow(index, out, 5, List.of("t", service, tag.key(), tag.value(), day, start, traceId),
                    () -> queries.insertTagIndex.bind(service, tag.key(), tag.value(), day, start, traceId, ttl));
        }
    }

    /**
     * One index entry, once per write; the entries of one partition (the first {@code partitionParts} of the
     * row's key: table and partition key) go in one batch.
     */
    private void indexRow(Map<Object, Batcher> index, List<Statement<?>> out, int partitionParts,
            List<Object> rowKey, Supplier<BoundStatement> row) {
        Batcher batcher = index.computeIfAbsent(rowKey.subList(0, partitionParts), k -> new Batcher(out));
        if (batcher.rows.add(rowKey)) {
            batcher.add(row.get(), 64);
        }
    }

    private void catalogRows(List<Statement<?>> out, SpanRow row, int day) {
        long today = Math.floorDiv(nowNanos(), DAY_NANOS);
        int catalogTtl = ttlNanos == 0 ? 0 : (int) ((ttlNanos + DAY_NANOS) / 1_000_000_000L);
        if (remember(new Catalog("days", day, null, null), today)) {
            out.add(queries.insertDay.bind(day, catalogTtl).setConsistencyLevel(level).setIdempotent(true));
        }
        if (remember(new Catalog("services", row.service(), null, null), today)) {
            out.add(queries.insertService.bind(row.service(), catalogTtl).setConsistencyLevel(level)
                    .setIdempotent(true));
        }
        if (remember(new Catalog("operations", row.service(), row.operation(), row.kind()), today)) {
            out.add(queries.insertOperation.bind(row.service(), row.operation(), row.kind(), catalogTtl)
                    .setConsistencyLevel(level).setIdempotent(true));
        }
    }

    /** Whether the catalog row must be written: not yet written by this process today. */
    private boolean remember(Catalog row, long today) {
        if (catalog.size() > CATALOG_CACHE_MAX) {
            catalog.clear();
        }
        Long previous = catalog.put(row, today);
        return previous == null || previous != today;
    }

    /**
     * The row's TTL: what is left of the retention counted from the span's start (capped at the retention for
     * spans starting after now), 0 for no retention, or -1 for a span already past it.
     */
    private int ttlSeconds(long start, long now) {
        if (ttlNanos == 0) {
            return 0;
        }
        long left = Math.min(ttlNanos, ttlNanos - (now - start));
        return left <= 0 ? -1 : (int) Math.max(1, left / 1_000_000_000L);
    }

    private long nowNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private void await(List<CompletableFuture<?>> futures, String what) {
        try {
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .get(timeout.toNanos() * 2, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new StorageException("Cassandra failed " + what + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new StorageException("Cassandra did not answer " + what + " within " + timeout.multipliedBy(2), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while " + what, e);
        } catch (DriverException e) {
            throw new StorageException("Cassandra failed " + what + ": " + e.getMessage(), e);
        }
    }

    static ByteBuffer buffer(ByteString bytes) {
        return bytes.asReadOnlyByteBuffer();
    }

    /** Collects the statements of one partition into unlogged batches of bounded size. */
    private final class Batcher {
        final Set<Object> rows = new HashSet<>();
        private final List<Statement<?>> out;
        private final List<BoundStatement> pending = new ArrayList<>();
        private int bytes;

        Batcher(List<Statement<?>> out) {
            this.out = out;
        }

        void add(BoundStatement statement, int size) {
            if (!pending.isEmpty() && (bytes + size > BATCH_BYTES || pending.size() >= BATCH_STATEMENTS)) {
                flush();
            }
            pending.add(statement);
            bytes += size;
        }

        void flush() {
            if (pending.size() == 1) {
                out.add(pending.get(0).setConsistencyLevel(level).setIdempotent(true));
            } else if (!pending.isEmpty()) {
                BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
                pending.forEach(batch::addStatement);
                out.add(batch.setConsistencyLevel(level).build().setIdempotent(true));
            }
            pending.clear();
            bytes = 0;
        }
    }
}
