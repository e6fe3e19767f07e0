package io.spanvault.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.pipeline.component.ComponentThreads;
import io.spanvault.pipeline.otlp.Attributes;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.Operation;
import io.spanvault.storage.SpanVisitor;
import io.spanvault.storage.StorageException;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.TraceStore;
import io.spanvault.storage.chronicle.SearchTerms;
import io.spanvault.storage.chronicle.TraceAssembler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code cassandra} backend: spans and their index entries in a Cassandra keyspace (see
 * {@code schema.cql}), shared by every process configured with it, so several gateways write and a query
 * process reads the same traces. Writes: {@link CassandraSpanWriter}; searches: {@link TraceSearch}.
 */
public final class CassandraTraceStore implements TraceStore {
    private static final Logger LOG = LoggerFactory.getLogger(CassandraTraceStore.class);

    private final CqlSession session;
    private final PreparedQueries queries;
    private final CassandraSpanWriter writer;
    private final ConsistencyLevel readLevel;
    private final Duration ttl;
    private final Clock clock;
    private final ScheduledExecutorService maintenance;

    private CassandraTraceStore(CqlSession session, CassandraStoreConfig config, Clock clock) {
        this.session = session;
        this.queries = new PreparedQueries(session, config.keyspace());
        this.writer = new CassandraSpanWriter(queries, new InFlightRequests(session, config.maxInFlight()), config,
                clock);
        this.readLevel = config.consistency().readLevel();
        this.ttl = config.ttl();
        this.clock = clock;
        this.maintenance = Executors.newSingleThreadScheduledExecutor(
                ComponentThreads.daemon("cassandra-store-maintenance"));
        if (!ttl.isZero()) {
            maintenance.scheduleWithFixedDelay(this::dropExpiredCalls, 1, 60, TimeUnit.MINUTES);
        }
    }

    /** Connects (creating the schema when the config says so); throws {@link StorageException} when it cannot. */
    public static CassandraTraceStore open(CassandraStoreConfig config, Clock clock) {
        CqlSession session = CassandraConnection.open(config);
        try {
            return new CassandraTraceStore(session, config, clock);
        } catch (DriverException e) {
            session.close();
            throw new StorageException("cannot prepare the backend's statements in keyspace '" + config.keyspace()
                    + "' (is the schema applied?): " + e.getMessage(), e);
        }
    }

    @Override
    public void write(ExportTraceServiceRequest batch) {
        writer.write(batch);
    }

    @Override
    public Optional<TracesData> getTrace(TraceId traceId, Instant startTimeMin, Instant startTimeMax) {
        return read("reading trace " + traceId, () -> trace(traceId.toByteString()));
    }

    private Optional<TracesData> trace(ByteString traceId) {
        List<Row> rows = Pages.all(session.executeAsync(queries.selectTrace
                .bind(CassandraSpanWriter.buffer(traceId)).setConsistencyLevel(readLevel))).join();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        TracesData.Builder data = TracesData.newBuilder();
        for (Row row : rows) {
            try {
                data.addResourceSpans(ResourceSpans.parseFrom(row.getByteBuffer(0)));
            } catch (InvalidProtocolBufferException e) {
                throw new StorageException("a stored span of trace " + TraceId.of(traceId) + " does not parse: "
                        + e.getMessage(), e);
            }
        }
        return Optional.of(TraceAssembler.regroup(data.build()));
    }

    @Override
    public List<TracesData> findTraces(TraceQuery query) {
        return read("searching traces", () -> search().run(query).stream().map(TraceSearch.Found::data).toList());
    }

    @Override
    public List<TraceId> findTraceIds(TraceQuery query) {
        return read("searching traces", () -> search().run(query).stream().map(TraceSearch.Found::id).toList());
    }

    private TraceSearch search() {
        return new TraceSearch(session, queries, readLevel, this::trace, services());
    }

    @Override
    public List<String> getServices() {
        return read("listing services", this::services);
    }

    private List<String> services() {
        List<String> services = new ArrayList<>();
        for (Row row : session.execute(queries.selectServices.bind().setConsistencyLevel(readLevel))) {
            services.add(row.getString(0));
        }
        return services;
    }

    @Override
    public List<Operation> getOperations(String service, String spanKind) {
        return read("listing operations", () -> {
            List<Operation> operations = new ArrayList<>();
            for (Row row : session.execute(queries.selectOperations.bind(service).setConsistencyLevel(readLevel))) {
                Operation op = new Operation(row.getString(0), row.getString(1));
                if (spanKind == null || op.spanKind().equalsIgnoreCase(spanKind)) {
                    operations.add(op);
                }
            }
            operations.sort(Comparator.comparing(Operation::name).thenComparing(Operation::spanKind));
            return operations;
        });
    }

    @Override
    public List<DependencyLink> getDependencies(Instant endTime, Duration lookback) {
        long to = Math.floorDiv(TraceSearch.nanos(endTime), ServiceCalls.HOUR_NANOS);
        long from = Math.floorDiv(TraceSearch.nanos(endTime.minus(lookback)), ServiceCalls.HOUR_NANOS);
        return read("reading the service map", () -> {
            List<CompletableFuture<List<Row>>> hours = new ArrayList<>();
            for (long hour = from; hour <= to; hour++) {
                hours.add(Pages.all(session.executeAsync(queries.selectCalls.bind(hour)
                        .setConsistencyLevel(readLevel))));
            }
            Map<String, Map<String, long[]>> calls = new TreeMap<>();
            for (CompletableFuture<List<Row>> hour : hours) {
                for (Row row : hour.join()) {
                    long[] c = calls.computeIfAbsent(row.getString(0), k -> new TreeMap<>())
                            .computeIfAbsent(row.getString(1), k -> new long[2]);
                    c[0] += row.getLong(2);
                    c[1] += row.getLong(3);
                }
            }
            List<DependencyLink> links = new ArrayList<>();
            calls.forEach((parent, children) -> children.forEach((child, c) -> {
                if (c[0] > 0) {
                    links.add(new DependencyLink(parent, child, c[0], c[1]));
                }
            }));
            return links;
        });
    }

    @Override
    public boolean scanSpans(Set<String> services, Instant startTimeMin, Instant startTimeMax, SpanVisitor visitor) {
        long from = TraceSearch.nanos(startTimeMin);
        long to = TraceSearch.nanos(startTimeMax);
        return read("scanning spans", () -> {
            List<String> scanned = services.isEmpty() ? services() : List.copyOf(services);
            for (int day : StoredDays.within(session, queries, readLevel, from, to)) {
                Set<ByteString> traceIds = new HashSet<>();
                for (String service : scanned) {
                    for (Row row : session.execute(queries.selectServiceIndex.bind(service, day, from, to)
                            .setConsistencyLevel(readLevel))) {
                        traceIds.add(ByteString.copyFrom(row.getByteBuffer(1)));
                    }
                }
                if (!visitDay(traceIds, day, services, from, to, visitor)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Visits the day's spans of the traces, newest hour first. */
    private boolean visitDay(Set<ByteString> traceIds, int day, Set<String> services, long from, long to,
            SpanVisitor visitor) {
        long dayStart = day * CassandraSpanWriter.DAY_NANOS;
        long dayEnd = dayStart + CassandraSpanWriter.DAY_NANOS - 1;
        TreeMap<Long, List<Runnable>> byHour = new TreeMap<>(Comparator.reverseOrder());
        boolean[] stopped = {false};
        for (ByteString traceId : traceIds) {
            TracesData data = trace(traceId).orElse(TracesData.getDefaultInstance());
            for (ResourceSpans rs : data.getResourceSpansList()) {
                String service = Attributes.serviceName(rs.getResource());
                if (!services.isEmpty() && !services.contains(service)) {
                    continue;
                }
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    for (Span span : ss.getSpansList()) {
                        long start = span.getStartTimeUnixNano();
                        if (start < Math.max(from, dayStart) || start > Math.min(to, dayEnd)) {
                            continue;
                        }
                        byHour.computeIfAbsent(Math.floorDiv(start, ServiceCalls.HOUR_NANOS), k -> new ArrayList<>())
                                .add(() -> stopped[0] = !visitor.visit(service, span.getName(),
                                        SearchTerms.kindName(span.getKind()), start,
                                        Math.max(0, span.getEndTimeUnixNano() - start),
                                        span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR));
                    }
                }
            }
        }
        for (List<Runnable> hour : byHour.values()) {
            for (Runnable visit : hour) {
                visit.run();
                if (stopped[0]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Counters cannot expire: deletes the service map's hours that fell out of the ttl during the last day. */
    private void dropExpiredCalls() {
        try {
            long cutoff = Math.floorDiv(TraceSearch.nanos(clock.instant().minus(ttl)), ServiceCalls.HOUR_NANOS);
            for (long hour = cutoff - 24; hour < cutoff; hour++) {
                session.execute(queries.deleteCallHour.bind(hour));
            }
        } catch (DriverException e) {
            LOG.warn("could not drop expired service-map hours: {}", e.getMessage());
        }
    }

    private static <T> T read(String what, Supplier<T> read) {
        try {
            return read.get();
        } catch (DriverException e) {
            throw new StorageException("Cassandra failed " + what + ": " + e.getMessage(), e);
        } catch (java.util.concurrent.CompletionException e) {
            throw new StorageException("Cassandra failed " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    long writtenSpans() {
        return writer.writtenSpans.get();
    }

    long invalidSpans() {
        return writer.invalidSpans.get();
    }

    long expiredSpans() {
        return writer.expiredSpans.get();
    }

    long failedCallUpdates() {
        return writer.failedCallUpdates.get();
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        session.close();
    }
}
