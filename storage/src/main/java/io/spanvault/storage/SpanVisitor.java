package io.spanvault.storage;

/** Receives one stored span's summary from {@link TraceReader#scanSpans}; returns false to stop the scan. */
@FunctionalInterface
public interface SpanVisitor {
    /**
     * @param service       the resource's {@code service.name} ({@code unknown_service} without one)
     * @param operation     the span's name
     * @param spanKind      the kind as Jaeger spells it ({@code server}, {@code client}, …; empty when unspecified)
     * @param startNanos    the start, Unix nanoseconds
     * @param durationNanos end minus start, never negative
     * @param error         whether the span's status is ERROR
     */
    boolean visit(String service, String operation, String spanKind, long startNanos, long durationNanos,
            boolean error);
}
