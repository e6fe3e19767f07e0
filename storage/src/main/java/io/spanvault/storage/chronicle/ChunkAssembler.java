package io.spanvault.storage.chronicle;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cuts a write batch into {@link Chunk}s: one per trace and partition hour, keeping resource and scope. */
final class ChunkAssembler {
    static final long HOUR_NANOS = 3_600_000_000_000L;

    private ChunkAssembler() {
    }

    /** What a batch becomes: its chunks, and how many spans were left out and why. */
    record Result(List<Chunk> chunks, int expiredSpans, int invalidSpans) {
    }

    /** Spans starting in an hour before {@code oldestHour} are expired and left out. */
    static Result assemble(ExportTraceServiceRequest batch, long oldestHour) {
        Map<Key, Builder> builders = new LinkedHashMap<>();
        int expired = 0;
        int invalid = 0;
        // SDKs send a trace's spans together, so most spans go where the one before went
        Builder last = null;
        com.google.protobuf.ByteString lastTraceId = null;
        long lastHour = 0;
        for (int r = 0; r < batch.getResourceSpansCount(); r++) {
            ResourceSpans rs = batch.getResourceSpans(r);
            ResourceTerms resourceTerms = null;
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    Span span = ss.getSpans(i);
                    if (span.getTraceId().size() != 16) {
                        invalid++;
                        continue;
                    }
                    long hour = Math.floorDiv(span.getStartTimeUnixNano(), HOUR_NANOS);
                    if (hour < oldestHour) {
                        expired++;
                        continue;
                    }
                    if (resourceTerms == null) {
                        resourceTerms = new ResourceTerms(rs);
                    }
                    if (last == null || hour != lastHour || !span.getTraceId().equals(lastTraceId)) {
                        last = builders.computeIfAbsent(new Key(hour, TraceId.of(span.getTraceId())), Builder::new);
                        lastTraceId = span.getTraceId();
                        lastHour = hour;
                    }
                    last.add(rs, r, resourceTerms, ss, s, span);
                }
            }
        }
        List<Chunk> chunks = new ArrayList<>(builders.size());
        for (Builder b : builders.values()) {
            chunks.add(b.build());
        }
        return new Result(chunks, expired, invalid);
    }

    private record Key(long hour, TraceId traceId) {
    }

    /** The terms and service name of a resource, worked out once per batch. */
    private static final class ResourceTerms {
        final String service;
        final long[] terms;

        ResourceTerms(ResourceSpans rs) {
            service = SearchTerms.serviceName(rs.getResource());
            TermList list = new TermList();
            list.add(SearchTerms.service(service));
            SearchTerms.addAttributes(rs.getResource().getAttributesList(), list);
            terms = list.toArray();
        }
    }

    private static final class Builder {
        private final Key key;
        private final TracesData.Builder data = TracesData.newBuilder();
        private final TermList terms = new TermList();
        private final Set<OperationKey> operations = new HashSet<>();
        private OperationKey lastOperation;
        private ResourceSpans.Builder resource;
        private ScopeSpans.Builder scope;
        private int resourceIndex = -1;
        private int scopeIndex = -1;
        private int spans;
        private long startMin = Long.MAX_VALUE;
        private long startMax = Long.MIN_VALUE;
        private long durationMin = Long.MAX_VALUE;
        private long durationMax = Long.MIN_VALUE;

        Builder(Key key) {
            this.key = key;
        }

        void add(ResourceSpans rs, int r, ResourceTerms resourceTerms, ScopeSpans ss, int s, Span span) {
            if (r != resourceIndex) {
                closeResource();
                resource = ResourceSpans.newBuilder().setResource(rs.getResource()).setSchemaUrl(rs.getSchemaUrl());
                resourceIndex = r;
                scopeIndex = -1;
                terms.addAll(resourceTerms.terms);
            }
            if (s != scopeIndex) {
                closeScope();
                scope = ScopeSpans.newBuilder().setScope(ss.getScope()).setSchemaUrl(ss.getSchemaUrl());
                scopeIndex = s;
                SearchTerms.addAttributes(ss.getScope().getAttributesList(), terms);
            }
            scope.addSpans(span);
            SearchTerms.addSpan(span, terms);
            String kind = SearchTerms.kindName(span.getKind());
            if (lastOperation == null || !lastOperation.name().equals(span.getNameBytes())
                    || !lastOperation.kind().equals(kind) || !lastOperation.service().equals(resourceTerms.service)) {
                lastOperation = new OperationKey(resourceTerms.service, kind, span.getNameBytes());
                operations.add(lastOperation);
            }
            spans++;
            long start = span.getStartTimeUnixNano();
            long duration = span.getEndTimeUnixNano() - start;
            startMin = Math.min(startMin, start);
            startMax = Math.max(startMax, start);
            durationMin = Math.min(durationMin, duration);
            durationMax = Math.max(durationMax, duration);
        }

        private void closeScope() {
            if (scope != null) {
                resource.addScopeSpans(scope);
                scope = null;
            }
        }

        private void closeResource() {
            closeScope();
            if (resource != null) {
                data.addResourceSpans(resource);
                resource = null;
            }
        }

        Chunk build() {
            closeResource();
            long[] bloom = new long[TermBloom.wordsFor(terms.size)];
            for (int i = 0; i < terms.size; i++) {
                TermBloom.add(bloom, 0, bloom.length, terms.values[i]);
            }
            return new Chunk(key.hour, key.traceId, spans, startMin, startMax, durationMin, durationMax,
                    data.build().toByteArray(), bloom, operations);
        }
    }

    /** A growable list of terms without boxing. */
    private static final class TermList implements SearchTerms.TermSink {
        long[] values = new long[16];
        int size;

        @Override
        public void add(long term) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = term;
        }

        void addAll(long[] more) {
            for (long t : more) {
                add(t);
            }
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
