package io.spanvault.storage;

import io.opentelemetry.proto.trace.v1.TracesData;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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

    /** Every service name seen in stored spans, sorted. */
    List<String> getServices();

    /** The operations of a service, sorted by name then kind; {@code spanKind} null for every kind. */
    List<Operation> getOperations(String service, String spanKind);

    /** Calls between services in spans that started within {@code lookback} before {@code endTime}. */
    List<DependencyLink> getDependencies(Instant endTime, Duration lookback);
}
