package io.spanvault.storage.chronicle;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A {@link TraceQuery} made ready to run: a cheap pre-filter on index records (time and duration bounds,
 * Bloom filter terms) and the exact test on decoded spans.
 */
final class QueryMatcher {
    static final long NO_MATCH = Long.MIN_VALUE;

    private final TraceQuery query;
    private final String[] keys;
    private final String[] values;
    private final long[][] attributeTerms;
    private final long serviceTerm;
    private final long operationTerm;
    private final long startMin;
    private final long startMax;
    private final long durationMin;
    private final long durationMax;

    QueryMatcher(TraceQuery query) {
        this.query = query;
        int n = query.attributes().size();
        keys = new String[n];
        values = new String[n];
        attributeTerms = new long[n][];
        int i = 0;
        for (Map.Entry<String, String> e : query.attributes().entrySet()) {
            keys[i] = e.getKey();
            values[i] = e.getValue();
            long[] terms = SearchTerms.attributeAlternatives(e.getKey(), e.getValue());
            if (isErrorTag(e.getKey(), e.getValue())) {
                terms = java.util.Arrays.copyOf(terms, terms.length + 1);
                terms[terms.length - 1] = SearchTerms.errorStatus();
            }
            attributeTerms[i++] = terms;
        }
        serviceTerm = query.serviceName() == null ? 0 : SearchTerms.service(query.serviceName());
        operationTerm = query.operationName() == null ? 0 : SearchTerms.operation(query.operationName());
        startMin = query.startTimeMin() == null ? Long.MIN_VALUE : nanos(query.startTimeMin());
        startMax = query.startTimeMax() == null ? Long.MAX_VALUE : nanos(query.startTimeMax());
        durationMin = query.durationMin() == null ? Long.MIN_VALUE : nanos(query.durationMin());
        durationMax = query.durationMax() == null ? Long.MAX_VALUE : nanos(query.durationMax());
    }

    boolean wholeTrace() {
        return query.match() == TraceQuery.Match.WHOLE_TRACE;
    }

    long startMin() {
        return startMin;
    }

    long startMax() {
        return startMax;
    }

    /** Whether the chunk may hold a matching span (for a whole-trace query: a span the query selects). */
    boolean mayMatch(IndexRecord r) {
        if (r.startMax() < startMin || r.startMin() > startMax) {
            return false;
        }
        int words = r.bloomWords();
        if (serviceTerm != 0 && !TermBloom.mayContain(r, words, serviceTerm)) {
            return false;
        }
        if (operationTerm != 0 && !TermBloom.mayContain(r, words, operationTerm)) {
            return false;
        }
        if (wholeTrace()) {
            return true;
        }
        if (r.durationMax() < durationMin || r.durationMin() > durationMax) {
            return false;
        }
        for (long[] alternatives : attributeTerms) {
            if (!mayContainAny(r, words, alternatives)) {
                return false;
            }
        }
        return true;
    }

    private static boolean mayContainAny(IndexRecord r, int words, long[] terms) {
        for (long t : terms) {
            if (TermBloom.mayContain(r, words, t)) {
                return true;
            }
        }
        return false;
    }

    /** The start of the latest span meeting every condition on its own, or {@link #NO_MATCH}. */
    long latestMatchingSpan(TracesData data) {
        long latest = NO_MATCH;
        for (ResourceSpans rs : data.getResourceSpansList()) {
            if (!serviceMatches(rs.getResource())) {
                continue;
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    long start = span.getStartTimeUnixNano();
                    if (start > latest && selects(span) && durationMatches(span.getEndTimeUnixNano() - start)
                            && attributesMatch(rs.getResource(), ss.getScope(), span)) {
                        latest = start;
                    }
                }
            }
        }
        return latest;
    }

    /**
     * For {@link TraceQuery.Match#WHOLE_TRACE}: the start of the latest span the query selects (service,
     * operation, kind, time) if every attribute is met somewhere in the trace and the trace's duration is in
     * bounds; otherwise {@link #NO_MATCH}.
     */
    long latestSelectedSpanOfMatchingTrace(TracesData trace) {
        long latest = NO_MATCH;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        boolean[] met = new boolean[keys.length];
        for (ResourceSpans rs : trace.getResourceSpansList()) {
            boolean service = serviceMatches(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    first = Math.min(first, span.getStartTimeUnixNano());
                    last = Math.max(last, span.getEndTimeUnixNano());
                    if (service && selects(span)) {
                        latest = Math.max(latest, span.getStartTimeUnixNano());
                    }
                    for (int i = 0; i < keys.length; i++) {
                        met[i] = met[i] || attributeMatches(rs.getResource(), ss.getScope(), span, i);
                    }
                }
            }
        }
        for (boolean m : met) {
            if (!m) {
                return NO_MATCH;
            }
        }
        return latest != NO_MATCH && durationMatches(last - first) ? latest : NO_MATCH;
    }

    private boolean serviceMatches(Resource resource) {
        return query.serviceName() == null || query.serviceName().equals(SearchTerms.serviceName(resource));
    }

    private boolean selects(Span span) {
        long start = span.getStartTimeUnixNano();
        return start >= startMin && start <= startMax
                && (query.operationName() == null || query.operationName().equals(span.getName()))
                && (query.spanKind() == null || query.spanKind().equalsIgnoreCase(SearchTerms.kindName(span.getKind())));
    }

    private boolean durationMatches(long duration) {
        return duration >= durationMin && duration <= durationMax;
    }

    private boolean attributesMatch(Resource resource, InstrumentationScope scope, Span span) {
        for (int i = 0; i < keys.length; i++) {
            if (!attributeMatches(resource, scope, span, i)) {
                return false;
            }
        }
        return true;
    }

    private boolean attributeMatches(Resource resource, InstrumentationScope scope, Span span, int i) {
        String key = keys[i];
        String value = values[i];
        if (has(span.getAttributesList(), key, value) || has(resource.getAttributesList(), key, value)
                || has(scope.getAttributesList(), key, value)) {
            return true;
        }
        for (int e = 0; e < span.getEventsCount(); e++) {
            if (has(span.getEvents(e).getAttributesList(), key, value)) {
                return true;
            }
        }
        for (int l = 0; l < span.getLinksCount(); l++) {
            if (has(span.getLinks(l).getAttributesList(), key, value)) {
                return true;
            }
        }
        return isErrorTag(key, value) && span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
    }

    private static boolean has(List<KeyValue> attributes, String key, String value) {
        for (int i = 0; i < attributes.size(); i++) {
            KeyValue kv = attributes.get(i);
            if (kv.getKey().equals(key) && valueMatches(kv.getValue(), value)) {
                return true;
            }
        }
        return false;
    }

    /** Compares an attribute with a query value by its string form; doubles compare as numbers. */
    static boolean valueMatches(AnyValue v, String wanted) {
        switch (v.getValueCase()) {
            case STRING_VALUE:
                return v.getStringValue().equals(wanted);
            case BOOL_VALUE:
                return Boolean.toString(v.getBoolValue()).equals(wanted);
            case INT_VALUE:
                return Long.toString(v.getIntValue()).equals(wanted);
            case DOUBLE_VALUE:
                Double d = SearchTerms.parseDouble(wanted);
                return d != null && d == v.getDoubleValue();
            default:
                return false;
        }
    }

    private static boolean isErrorTag(String key, String value) {
        return key.equals("error") && value.equals("true");
    }

    static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException e) {
            return t.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
