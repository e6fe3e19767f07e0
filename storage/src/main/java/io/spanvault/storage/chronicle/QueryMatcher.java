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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link TraceQuery} made ready to run: the terms whose postings a search intersects, a pre-filter on index
 * records (time and duration bounds) and the exact test on decoded spans.
 */
public final class QueryMatcher {
    public static final long NO_MATCH = Long.MIN_VALUE;

    private final TraceQuery query;
    private final String[] keys;
    private final String[] values;
    private final long[][] conditions;
    private final long startMin;
    private final long startMax;
    private final long durationMin;
    private final long durationMax;

    public QueryMatcher(TraceQuery query) {
        this.query = query;
        int n = query.attributes().size();
        keys = new String[n];
        values = new String[n];
        List<long[]> terms = new ArrayList<>();
        if (query.serviceName() != null) {
            terms.add(new long[] {SearchTerms.service(query.serviceName())});
        }
        if (query.operationName() != null) {
            terms.add(new long[] {SearchTerms.operation(query.operationName())});
        }
        if (query.spanKind() != null) {
            terms.add(new long[] {SearchTerms.kind(query.spanKind().toLowerCase(Locale.ROOT))});
        }
        int i = 0;
        for (Map.Entry<String, String> e : query.attributes().entrySet()) {
            keys[i] = e.getKey();
            values[i++] = e.getValue();
            // a whole-trace search may meet an attribute in another chunk (or partition) than the selected span
            if (query.match() == TraceQuery.Match.SAME_SPAN) {
                terms.add(SearchTerms.attributeAlternatives(e.getKey(), e.getValue()));
            }
        }
        if (terms.isEmpty()) {
            terms.add(new long[] {SearchTerms.ALL});
        }
        conditions = terms.toArray(new long[0][]);
        startMin = query.startTimeMin() == null ? Long.MIN_VALUE : nanos(query.startTimeMin());
        startMax = query.startTimeMax() == null ? Long.MAX_VALUE : nanos(query.startTimeMax());
        durationMin = query.durationMin() == null ? Long.MIN_VALUE : nanos(query.durationMin());
        durationMax = query.durationMax() == null ? Long.MAX_VALUE : nanos(query.durationMax());
    }

    /** The conditions a candidate chunk is posted under, each a set of alternative terms. */
    long[][] conditions() {
        return conditions;
    }

    /** The duration bounds chunks are pruned by: none for a whole-trace search, which bounds the trace. */
    long chunkDurationMin() {
        return wholeTrace() ? Long.MIN_VALUE : durationMin;
    }

    long chunkDurationMax() {
        return wholeTrace() ? Long.MAX_VALUE : durationMax;
    }

    /** Whether a whole-trace search bounds the trace's duration. */
    boolean boundsTraceDuration() {
        return wholeTrace() && (durationMin != Long.MIN_VALUE || durationMax != Long.MAX_VALUE);
    }

    /** Whether a trace from {@code start} to {@code end} lasts within the duration bounds. */
    boolean traceLastsWithinBounds(long start, long end) {
        return durationMatches(end - start);
    }

    public boolean wholeTrace() {
        return query.match() == TraceQuery.Match.WHOLE_TRACE;
    }

    long startMin() {
        return startMin;
    }

    long startMax() {
        return startMax;
    }

    /** Whether the chunk's time and duration ranges allow a matching span (a selected one, for a whole trace). */
    boolean mayMatch(IndexRecord r) {
        return r.startMax() >= startMin && r.startMin() <= startMax && r.durationMax() >= chunkDurationMin()
                && r.durationMin() <= chunkDurationMax();
    }

    /** The start of the latest span meeting every condition on its own, or {@link #NO_MATCH}. */
    public long latestMatchingSpan(TracesData data) {
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
    public long latestSelectedSpanOfMatchingTrace(TracesData trace) {
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
        return shownTagMatches(scope, span, key, value);
    }

    /** The tags Jaeger shows for span, status and scope fields, as query-api renders them. */
    private static boolean shownTagMatches(InstrumentationScope scope, Span span, String key, String value) {
        switch (key) {
            case Tags.SPAN_KIND:
                return !value.isEmpty() && value.equalsIgnoreCase(SearchTerms.kindName(span.getKind()));
            case Tags.STATUS_CODE:
                Status.StatusCode code = span.getStatus().getCode();
                return value.equals("ERROR") && code == Status.StatusCode.STATUS_CODE_ERROR
                        || value.equals("OK") && code == Status.StatusCode.STATUS_CODE_OK;
            case Tags.SCOPE_NAME:
                return !value.isEmpty() && value.equals(scope.getName());
            case Tags.SCOPE_VERSION:
                return !value.isEmpty() && value.equals(scope.getVersion());
            case Tags.ERROR:
                return value.equals("true") && span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
            default:
                return false;
        }
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
