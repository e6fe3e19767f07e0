package io.spanvault.storage.chronicle;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.storage.TraceId;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cuts a write batch into {@link Chunk}s: one per trace and partition hour, keeping resource and scope. */
final class ChunkAssembler {
    static final long HOUR_NANOS = 3_600_000_000_000L;
    // field numbers of TracesData, ResourceSpans and ScopeSpans
    private static final int RESOURCE_SPANS = 1;
    private static final int RESOURCE = 1;
    private static final int SCOPE_SPANS = 2;
    private static final int SCOPE = 1;
    private static final int SPANS = 2;
    private static final int SCHEMA_URL = 3;

    private ChunkAssembler() {
    }

    /**
     * What a batch becomes: its chunks, the distinct operations of its spans per partition hour, and how many
     * spans were left out and why.
     */
    record Result(List<Chunk> chunks, Map<Long, Set<OperationKey>> operations, int expiredSpans, int invalidSpans,
            int futureSpans) {
    }

    /**
     * Spans starting in an hour before {@code oldestHour} are expired and left out (so are start times of 0
     * and of 2^63 or more, negative as a Java long); so are spans starting after {@code latestStart}.
     */
    static Result assemble(ExportTraceServiceRequest batch, long oldestHour, long latestStart) {
        int spans = 0;
        for (int r = 0; r < batch.getResourceSpansCount(); r++) {
            for (ScopeSpans ss : batch.getResourceSpans(r).getScopeSpansList()) {
                spans += ss.getSpansCount();
            }
        }
        // sized for a trace per span, the collector testbed's shape, so the map never rehashes
        Map<Key, Builder> builders = new LinkedHashMap<>(Math.max(16, spans * 4 / 3 + 1));
        BatchSpans batchSpans = new BatchSpans(spans);
        Map<Long, Set<OperationKey>> operations = new HashMap<>();
        int expired = 0;
        int invalid = 0;
        int future = 0;
        // SDKs send a trace's spans together, so most spans go where the one before went
        Builder last = null;
        com.google.protobuf.ByteString lastTraceId = null;
        long lastHour = 0;
        // per batch, not per chunk: a batch of single-span traces names the same few operations again and again
        OperationKey lastOperation = null;
        com.google.protobuf.ByteString lastOperationName = null;
        long lastOperationHour = 0;
        for (int r = 0; r < batch.getResourceSpansCount(); r++) {
            ResourceSpans rs = batch.getResourceSpans(r);
            EncodedResource resource = null;
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                EncodedScope scope = null;
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
                    if (span.getStartTimeUnixNano() > latestStart) {
                        future++;
                        continue;
                    }
                    if (resource == null) {
                        resource = new EncodedResource(rs);
                    }
                    if (scope == null) {
                        scope = new EncodedScope(ss);
                    }
                    if (last == null || hour != lastHour || !span.getTraceId().equals(lastTraceId)) {
                        last = builders.computeIfAbsent(new Key(hour, TraceId.of(span.getTraceId())), Builder::new);
                        lastTraceId = span.getTraceId();
                        lastHour = hour;
                    }
                    last.add(batchSpans, batchSpans.add(resource, scope, span));
                    String kind = SearchTerms.kindName(span.getKind());
                    // the name as the bytes the span keeps since its terms were taken: getName() would
                    // make it keep a String again, to be encoded once more with the chunk
                    com.google.protobuf.ByteString name = span.getNameBytes();
                    if (lastOperation == null || hour != lastOperationHour
                            || !name.equals(lastOperationName) || !lastOperation.kind().equals(kind)
                            || !lastOperation.service().equals(resource.service)) {
                        lastOperation = new OperationKey(resource.service, kind, name.toStringUtf8());
                        lastOperationName = name;
                        lastOperationHour = hour;
                        operations.computeIfAbsent(hour, h -> new HashSet<>()).add(lastOperation);
                    }
                }
            }
        }
        List<Chunk> chunks = new ArrayList<>(builders.size());
        ChunkScratch scratch = new ChunkScratch();
        for (Builder b : builders.values()) {
            chunks.add(b.build(batchSpans, scratch));
        }
        return new Result(chunks, operations, expired, invalid, future);
    }

    private record Key(long hour, TraceId traceId) {
    }

    /**
     * A resource as every chunk of the batch writes it: its service name and search terms, and its
     * {@code ResourceSpans} fields other than the spans encoded once. Re-encoding the resource per chunk (its
     * strings to UTF-8 again) was a third of the write of single-span traces.
     */
    private static final class EncodedResource {
        final String service;
        final long[] terms;
        final byte[] fields;

        EncodedResource(ResourceSpans rs) {
            service = SearchTerms.serviceName(rs.getResource());
            TermList list = new TermList();
            list.add(SearchTerms.service(service));
            SearchTerms.addAttributes(rs.getResource().getAttributesList(), list);
            terms = list.toArray();
            fields = encodeFields(RESOURCE, rs.getResource(), rs.getSchemaUrl());
        }
    }

    /** A scope's search terms and its {@code ScopeSpans} fields other than the spans, encoded once per batch. */
    private static final class EncodedScope {
        final long[] terms;
        final byte[] fields;

        EncodedScope(ScopeSpans ss) {
            TermList list = new TermList();
            SearchTerms.addScope(ss.getScope(), list);
            terms = list.toArray();
            fields = encodeFields(SCOPE, ss.getScope(), ss.getSchemaUrl());
        }
    }

    /**
     * The {@code message} and {@code schema_url} fields of a {@code ResourceSpans} or {@code ScopeSpans}.
     * Protobuf parsers accept fields in any order, so writing the schema before the spans still decodes to the
     * same message.
     */
    private static byte[] encodeFields(int messageField, MessageLite message, String schemaUrl) {
        byte[] fields = new byte[messageField(messageField, message.getSerializedSize())
                + stringField(SCHEMA_URL, schemaUrl)];
        CodedOutputStream out = CodedOutputStream.newInstance(fields);
        try {
            out.writeMessage(messageField, message);
            if (!schemaUrl.isEmpty()) {
                out.writeString(SCHEMA_URL, schemaUrl);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("encoding overran its computed size", e);
        }
        return fields;
    }

    private static int messageField(int field, int size) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    private static int stringField(int field, String value) {
        return value.isEmpty() ? 0 : CodedOutputStream.computeStringSize(field, value);
    }

    /**
     * The batch's accepted spans in arrival order, each with its resource and scope and the next span of its chunk:
     * a chunk is a chain through these arrays, so collecting a trace's spans allocates nothing per span.
     */
    private static final class BatchSpans {
        final Span[] spans;
        final EncodedResource[] resources;
        final EncodedScope[] scopes;
        final int[] next;
        int size;

        BatchSpans(int capacity) {
            spans = new Span[capacity];
            resources = new EncodedResource[capacity];
            scopes = new EncodedScope[capacity];
            next = new int[capacity];
        }

        /** Appends a span; returns its place. */
        int add(EncodedResource resource, EncodedScope scope, Span span) {
            spans[size] = span;
            resources[size] = resource;
            scopes[size] = scope;
            next[size] = -1;
            return size++;
        }
    }

    /**
     * What building one chunk needs for a moment, shared by a batch's chunks (built one after the other): its
     * spans in order and its terms, so that a chunk costs only its exact arrays.
     */
    private static final class ChunkScratch {
        final TermList terms = new TermList(256);
        Span[] spans = new Span[16];
        EncodedResource[] resources = new EncodedResource[16];
        EncodedScope[] scopes = new EncodedScope[16];

        void ensure(int count) {
            if (spans.length < count) {
                int n = Math.max(count, 2 * spans.length);
                spans = new Span[n];
                resources = new EncodedResource[n];
                scopes = new EncodedScope[n];
            }
        }
    }

    /**
     * Collects one chunk's spans (a chain through the batch's {@link BatchSpans}) and encodes them as a
     * {@code TracesData} straight from the parsed spans and the batch's pre-encoded resources and scopes: going
     * through protobuf builders cost several objects and a size pass per chunk. Spans of one resource (scope) in
     * a row share one {@code ResourceSpans} ({@code ScopeSpans}).
     */
    private static final class Builder {
        private final Key key;
        private int first = -1;
        private int last = -1;
        private int spans;
        private long startMin = Long.MAX_VALUE;
        private long startMax = Long.MIN_VALUE;
        private long durationMin = Long.MAX_VALUE;
        private long durationMax = Long.MIN_VALUE;
        // the chunk's spans while it is built, in the batch's scratch
        private Span[] spanList;
        private EncodedResource[] resources;
        private EncodedScope[] scopes;

        Builder(Key key) {
            this.key = key;
        }

        /** Adds the batch's span at {@code at} to the chunk. */
        void add(BatchSpans batch, int at) {
            if (first < 0) {
                first = at;
            } else {
                batch.next[last] = at;
            }
            last = at;
            spans++;
            Span span = batch.spans[at];
            long start = span.getStartTimeUnixNano();
            long duration = span.getEndTimeUnixNano() - start;
            startMin = Math.min(startMin, start);
            startMax = Math.max(startMax, start);
            durationMin = Math.min(durationMin, duration);
            durationMax = Math.max(durationMax, duration);
        }

        /**
         * The chunk: its spans' terms (a resource's and a scope's each time the span before had another), the
         * spans as the service map pairs them, and its body.
         */
        Chunk build(BatchSpans batch, ChunkScratch scratch) {
            scratch.ensure(spans);
            spanList = scratch.spans;
            resources = scratch.resources;
            scopes = scratch.scopes;
            TermList terms = scratch.terms;
            terms.size = 0;
            CallSpans calls = new CallSpans(spans);
            int i = 0;
            for (int at = first; at >= 0; at = batch.next[at], i++) {
                Span span = batch.spans[at];
                EncodedResource resource = batch.resources[at];
                EncodedScope scope = batch.scopes[at];
                EncodedResource previousResource = i == 0 ? null : resources[i - 1];
                if (resource != previousResource) {
                    terms.addAll(resource.terms);
                }
                if (resource != previousResource || scope != scopes[i - 1]) {
                    terms.addAll(scope.terms);
                }
                spanList[i] = span;
                resources[i] = resource;
                scopes[i] = scope;
                SearchTerms.addSpan(span, terms);
                calls.add(resource.service, span);
            }
            terms.add(SearchTerms.ALL);
            byte[] body = new byte[encodedSize()];
            encode(body);
            return new Chunk(key.hour, key.traceId, spans, startMin, startMax, durationMin, durationMax, body,
                    terms.toArray(), calls);
        }

        /** Where the run of spans sharing {@code from}'s resource (scope, when {@code scope}) ends. */
        private int runEnd(int from, boolean scope) {
            int end = from + 1;
            while (end < spans && resources[end] == resources[from] && (!scope || scopes[end] == scopes[from])) {
                end++;
            }
            return end;
        }

        private int scopeSpansSize(int from, int to) {
            int size = scopes[from].fields.length;
            for (int i = from; i < to; i++) {
                size += messageField(SPANS, spanList[i].getSerializedSize());
            }
            return size;
        }

        private int resourceSpansSize(int from, int to) {
            int size = resources[from].fields.length;
            for (int s = from; s < to; s = runEnd(s, true)) {
                size += messageField(SCOPE_SPANS, scopeSpansSize(s, runEnd(s, true)));
            }
            return size;
        }

        private int encodedSize() {
            int size = 0;
            for (int r = 0; r < spans; r = runEnd(r, false)) {
                size += messageField(RESOURCE_SPANS, resourceSpansSize(r, runEnd(r, false)));
            }
            return size;
        }

        /** Encodes the chunk's {@code TracesData} into {@code body}, sized for it. */
        private void encode(byte[] body) {
            CodedOutputStream out = CodedOutputStream.newInstance(body);
            try {
                for (int r = 0; r < spans; r = runEnd(r, false)) {
                    int resourceEnd = runEnd(r, false);
                    out.writeTag(RESOURCE_SPANS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    out.writeUInt32NoTag(resourceSpansSize(r, resourceEnd));
                    out.writeRawBytes(resources[r].fields);
                    for (int s = r; s < resourceEnd; s = runEnd(s, true)) {
                        int scopeEnd = runEnd(s, true);
                        out.writeTag(SCOPE_SPANS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                        out.writeUInt32NoTag(scopeSpansSize(s, scopeEnd));
                        out.writeRawBytes(scopes[s].fields);
                        for (int i = s; i < scopeEnd; i++) {
                            out.writeMessage(SPANS, spanList[i]);
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("encoding a chunk overran its buffer", e);
            }
            if (out.spaceLeft() != 0) {
                throw new IllegalStateException("a chunk encoded to fewer bytes than its computed size");
            }
        }
    }

    /** A growable list of terms without boxing. */
    private static final class TermList implements SearchTerms.TermSink {
        long[] values;
        int size;

        TermList() {
            this(16);
        }

        /** A chunk's spans bring several terms each: sized so that a 10-span chunk's list never grows. */
        TermList(int capacity) {
            values = new long[capacity];
        }

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
