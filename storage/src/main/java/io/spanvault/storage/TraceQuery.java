package io.spanvault.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A trace search. With the default {@link Match#SAME_SPAN} the semantics are Jaeger's: a trace matches
 * when <em>one</em> of its spans satisfies every set condition at once; the result is the whole trace.
 *
 * @param serviceName   the span's resource {@code service.name} ({@code unknown_service} for a resource
 *                      without one); null for any service
 * @param operationName the span's name; null for any (requires no service)
 * @param spanKind      the span's kind as Jaeger spells it ({@code server}, {@code client}, {@code producer},
 *                      {@code consumer}, {@code internal}; any case); null for any
 * @param attributes    key → value, every pair must match; a key matches an attribute of the span, of its
 *                      resource, of its scope, of one of its events or of one of its links, compared as the
 *                      value's string form ({@code true}, {@code 42}); doubles compare as numbers
 *                      ({@code 1.5} and {@code 1.50} both find 1.5); arrays, maps and bytes are not
 *                      searchable; also {@code error=true} for spans with error status, as Jaeger tags do
 * @param startTimeMin  the span starts at or after this instant (inclusive); null for no bound
 * @param startTimeMax  the span starts at or before this instant (inclusive); null for no bound
 * @param durationMin   the span lasts at least this long (inclusive); null for no bound
 * @param durationMax   the span lasts at most this long (inclusive); null for no bound
 * @param limit         the most traces to return, newest first (by the latest matching span's start);
 *                      must be positive
 * @param match         where the conditions must hold: on one span (Jaeger) or anywhere in the trace
 */
public record TraceQuery(String serviceName, String operationName, String spanKind, Map<String, String> attributes,
        Instant startTimeMin, Instant startTimeMax, Duration durationMin, Duration durationMax, int limit,
        Match match) {

    /** Where a query's conditions must hold. */
    public enum Match {
        /** Every condition on one and the same span (Jaeger's semantics). */
        SAME_SPAN,
        /**
         * Each attribute condition may be met by a different span of the trace, and the duration bounds apply
         * to the whole trace (earliest start to latest end); service, operation and time still select spans.
         */
        WHOLE_TRACE
    }

    public static final int DEFAULT_LIMIT = 100;

    public TraceQuery {
        attributes = Map.copyOf(Objects.requireNonNullElse(attributes, Map.of()));
        Objects.requireNonNull(match, "match");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        if (startTimeMin != null && startTimeMax != null && startTimeMax.isBefore(startTimeMin)) {
            throw new IllegalArgumentException("start time max " + startTimeMax + " is before min " + startTimeMin);
        }
        if (durationMin != null && durationMax != null && durationMax.compareTo(durationMin) < 0) {
            throw new IllegalArgumentException("duration max " + durationMax + " is less than min " + durationMin);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<String> service() {
        return Optional.ofNullable(serviceName);
    }

    /** Builds a query; unset fields mean "any". */
    public static final class Builder {
        private String serviceName;
        private String operationName;
        private String spanKind;
        private Map<String, String> attributes = Map.of();
        private Instant startTimeMin;
        private Instant startTimeMax;
        private Duration durationMin;
        private Duration durationMax;
        private int limit = DEFAULT_LIMIT;
        private Match match = Match.SAME_SPAN;

        public Builder serviceName(String v) {
            serviceName = v;
            return this;
        }

        public Builder operationName(String v) {
            operationName = v;
            return this;
        }

        public Builder spanKind(String v) {
            spanKind = v;
            return this;
        }

        public Builder attributes(Map<String, String> v) {
            attributes = v;
            return this;
        }

        public Builder startTimeMin(Instant v) {
            startTimeMin = v;
            return this;
        }

        public Builder startTimeMax(Instant v) {
            startTimeMax = v;
            return this;
        }

        public Builder durationMin(Duration v) {
            durationMin = v;
            return this;
        }

        public Builder durationMax(Duration v) {
            durationMax = v;
            return this;
        }

        public Builder limit(int v) {
            limit = v;
            return this;
        }

        public Builder match(Match v) {
            match = v;
            return this;
        }

        public TraceQuery build() {
            return new TraceQuery(serviceName, operationName, spanKind, attributes, startTimeMin, startTimeMax,
                    durationMin, durationMax, limit, match);
        }
    }
}
