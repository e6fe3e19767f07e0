package io.spanvault.storage.conformance;

/**
 * What a backend may or may not do; the conformance kit skips the tests of a capability a backend does not
 * declare in {@link TraceStoreConformanceTest#capabilities()}.
 */
public enum Capability {
    /** A store reopened over the same data ({@code openStore} again after {@code close}) has what was written. */
    PERSISTENCE,
    /**
     * Spans that started before the retention window (measured on the given clock) are not stored, and
     * {@link TraceStoreConformanceTest#applyRetention} drops those that fell out of it.
     */
    RETENTION,
    /** {@link io.spanvault.storage.TraceQuery.Match#WHOLE_TRACE} searches. */
    WHOLE_TRACE_MATCHING
}
