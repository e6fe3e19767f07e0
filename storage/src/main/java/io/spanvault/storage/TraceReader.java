package io.spanvault.storage;

import io.opentelemetry.proto.trace.v1.TracesData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads traces back, in OTLP form, exactly as written. */
public interface TraceReader {

    /**
     * Every stored span of the trace, grouped by resource and scope, or empty when no span of it is stored.
     * {@code startTimeMin}/{@code startTimeMax}, when not null, are a hint that lets the store skip time
     * partitions that cannot hold the trace; spans of the trace outside them may still be returned.
     */
    Optional<TracesData> getTrace(TraceId traceId, Instant startTimeMin, Instant startTimeMax);

    /** Whole traces matching the query, newest first, at most {@code query.limit()} of them. */
    List<TracesData> findTraces(TraceQuery query);

    /** The ids of the traces {@link #findTraces} would return, in the same order. */
    List<TraceId> findTraceIds(TraceQuery query);

    /** Every service name seen in stored spans, sorted ({@code unknown_service} for resources without one). */
    List<String> getServices();

    /**
     * The operations of a service, sorted by name then kind, each name once per kind; {@code spanKind}
     * (any case) null for every kind. An unknown service has none.
     */
    List<Operation> getOperations(String service, String spanKind);

    /**
     * Calls between services: each span that started within {@code lookback} before {@code endTime}
     * (inclusive) and whose parent span (same trace) belongs to another service is one call from the
     * parent's service to the span's. Sorted by parent, then child.
     */
    List<DependencyLink> getDependencies(Instant endTime, Duration lookback);

    /**
     * Visits every stored span that started within {@code [startTimeMin, startTimeMax]} (inclusive) and
     * belongs to one of {@code services} (empty for every service), for aggregations over spans such as
     * request and error rates. Spans are visited newest hour first: every span that starts in a UTC hour before
     * any span of an earlier hour, in no particular order within the hour; a span stored twice (sent twice) is
     * visited twice. Stops when the visitor returns false.
     *
     * @return false when the visitor stopped the scan, true when every span was visited
     */
    boolean scanSpans(Set<String> services, Instant startTimeMin, Instant startTimeMax, SpanVisitor visitor);
}
