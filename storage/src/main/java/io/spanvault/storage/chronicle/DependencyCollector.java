package io.spanvault.storage.chronicle;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.TraceId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Counts calls between services: a span whose parent span belongs to another service is one call from the
 * parent's service to the span's. Worked out when asked, from every trace with spans in the window, so
 * writes carry no cost for it; the cost is reading each such trace once.
 */
final class DependencyCollector {
    private final long from;
    private final long to;
    private final Function<TraceId, TracesData> wholeTrace;
    private final Map<String, Map<String, Long>> calls = new TreeMap<>();

    DependencyCollector(long from, long to, Function<TraceId, TracesData> wholeTrace) {
        this.from = from;
        this.to = to;
        this.wholeTrace = wholeTrace;
    }

    /** Counts the calls of every trace in the partitions (oldest first), each trace once. */
    List<DependencyLink> collect(List<Partition> partitions) {
        Set<TraceId> seen = new HashSet<>();
        for (Partition p : partitions) {
            long hourStart = p.id().hour() * ChunkAssembler.HOUR_NANOS;
            if (hourStart > to || hourStart + ChunkAssembler.HOUR_NANOS <= from) {
                continue;
            }
            p.forEachTrace(id -> {
                if (seen.add(id)) {
                    count(wholeTrace.apply(id));
                }
            });
        }
        List<DependencyLink> links = new ArrayList<>();
        calls.forEach((parent, children) -> children.forEach((child, n) -> links.add(new DependencyLink(parent, child, n))));
        return links;
    }

    private void count(TracesData trace) {
        Map<ByteString, String> serviceOfSpan = new HashMap<>();
        for (ResourceSpans rs : trace.getResourceSpansList()) {
            String service = SearchTerms.serviceName(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    serviceOfSpan.putIfAbsent(span.getSpanId(), service);
                }
            }
        }
        for (ResourceSpans rs : trace.getResourceSpansList()) {
            String service = SearchTerms.serviceName(rs.getResource());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    long start = span.getStartTimeUnixNano();
                    String parent = span.getParentSpanId().isEmpty() ? null : serviceOfSpan.get(span.getParentSpanId());
                    if (start >= from && start <= to && parent != null && !parent.equals(service)) {
                        calls.computeIfAbsent(parent, k -> new TreeMap<>()).merge(service, 1L, Long::sum);
                    }
                }
            }
        }
    }
}
