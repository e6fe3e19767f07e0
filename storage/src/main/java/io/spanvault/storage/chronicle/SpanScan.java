package io.spanvault.storage.chronicle;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.SpanVisitor;
import java.util.List;
import java.util.Set;

/**
 * Visits the spans of a time window, newest partition first, reading only chunks whose index record overlaps
 * the window and whose Bloom filter may hold one of the services. Each chunk is decoded once; no trace is
 * assembled.
 */
final class SpanScan {
    private final long from;
    private final long to;
    private final Set<String> services;
    private final long[] serviceTerms;
    private final SpanVisitor visitor;
    private boolean stopped;

    SpanScan(long from, long to, Set<String> services, SpanVisitor visitor) {
        this.from = from;
        this.to = to;
        this.services = services;
        this.serviceTerms = services.stream().mapToLong(SearchTerms::service).toArray();
        this.visitor = visitor;
    }

    /** Returns false when the visitor stopped the scan; {@code partitions} sorted oldest first. */
    boolean run(List<Partition> partitions) {
        for (int i = partitions.size() - 1; i >= 0 && !stopped; i--) {
            Partition p = partitions.get(i);
            long hourStart = p.id().hour() * ChunkAssembler.HOUR_NANOS;
            if (hourStart > to || hourStart + ChunkAssembler.HOUR_NANOS <= from) {
                continue;
            }
            p.scan((lane, r) -> {
                if (r.startMax() >= from && r.startMin() <= to && mayHoldService(r)) {
                    visitChunk(TraceAssembler.parse(p.chunk(lane, r.chunkOffset())));
                }
                return !stopped;
            });
        }
        return !stopped;
    }

    private boolean mayHoldService(IndexRecord r) {
        if (serviceTerms.length == 0) {
            return true;
        }
        int words = r.bloomWords();
        for (long term : serviceTerms) {
            if (TermBloom.mayContain(r, words, term)) {
                return true;
            }
        }
        return false;
    }

    private void visitChunk(TracesData chunk) {
        for (ResourceSpans rs : chunk.getResourceSpansList()) {
            String service = SearchTerms.serviceName(rs.getResource());
            if (!services.isEmpty() && !services.contains(service)) {
                continue;
            }
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    long start = span.getStartTimeUnixNano();
                    if (start < from || start > to) {
                        continue;
                    }
                    if (!visitor.visit(service, span.getName(), SearchTerms.kindName(span.getKind()), start,
                            Math.max(0, span.getEndTimeUnixNano() - start),
                            span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR)) {
                        stopped = true;
                        return;
                    }
                }
            }
        }
    }
}
