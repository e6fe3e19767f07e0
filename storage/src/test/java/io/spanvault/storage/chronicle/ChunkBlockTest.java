package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.string;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write's chunks of one lane are compressed together in blocks, and every chunk reads back on its own. */
class ChunkBlockTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    private static Chunk chunk(int bodyLength) {
        return new Chunk(0, new TraceId(1, bodyLength), 1, 0, 0, 0, 0, new byte[bodyLength], new long[0], null);
    }

    @Test
    void blocksEndAtTheirByteAndChunkBounds() {
        List<Chunk> small = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            small.add(chunk(10));
        }
        List<ChunkBlock> blocks = ChunkBlock.pack(small);
        assertEquals(List.of(255, 255, 90), blocks.stream().map(b -> b.chunks().size()).toList());

        List<Chunk> mixed = List.of(chunk(20 << 10), chunk(10 << 10), chunk(5 << 10), chunk(100 << 10), chunk(1));
        blocks = ChunkBlock.pack(mixed);
        assertEquals(List.of(2, 1, 1, 1), blocks.stream().map(b -> b.chunks().size()).toList(),
                "a block takes no chunk past " + ChunkBlock.MAX_RAW_BYTES + " bytes; a bigger chunk is a block alone");
        assertEquals(List.of(30 << 10, 5 << 10, 100 << 10, 1),
                blocks.stream().map(ChunkBlock::rawLength).toList());
    }

    private ChronicleTraceStore open(Path dataDir) {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withWriteLanes(2));
    }

    private static Span.Builder spanOf(long trace, long id, int attributeBytes) {
        return span(traceId(trace), id, "GET /product/{id}", NOW.minusSeconds(600 - trace), Duration.ofMillis(id))
                .addAttributes(string("user.id", "u" + trace))
                .addAttributes(string("payload", ("p" + trace).repeat(attributeBytes / 4)));
    }

    private static int spanCount(TracesData trace) {
        int n = 0;
        for (ResourceSpans rs : trace.getResourceSpansList()) {
            for (var ss : rs.getScopeSpansList()) {
                n += ss.getSpansCount();
            }
        }
        return n;
    }

    /**
     * 600 traces in one write: several blocks per lane (more chunks than a block takes), then each trace again
     * in a second write, and one trace whose chunk is larger than the writers' buffer: every trace's chain of
     * chunks across blocks reads back, by id and by search.
     */
    @Test
    void tracesReadBackAcrossBlocksAndWrites(@TempDir Path dataDir) {
        try (ChronicleTraceStore store = open(dataDir)) {
            for (int round = 0; round < 2; round++) {
                Span.Builder[] spans = new Span.Builder[600];
                for (int t = 0; t < spans.length; t++) {
                    spans[t] = spanOf(t, t * 10L + round, 8);
                }
                store.write(request("shop", spans));
            }
            store.write(request("shop", spanOf(600, 1, 1 << 20)));
            for (int t = 0; t < 600; t++) {
                TracesData trace = store.getTrace(traceId(t), null, null).orElseThrow();
                assertEquals(2, spanCount(trace), "trace " + t);
            }
            TracesData big = store.getTrace(traceId(600), null, null).orElseThrow();
            assertEquals(1 << 20, big.getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributes(1).getValue()
                    .getStringValue().length());
            for (int t : new int[] {0, 254, 255, 256, 599}) {
                assertEquals(List.of(traceId(t)), store.findTraceIds(TraceQuery.builder().serviceName("shop")
                        .attributes(Map.of("user.id", "u" + t)).build()));
            }
        }
    }

    /** Chunks compressed together take a fraction of what they take compressed one by one. */
    @Test
    void aWritesChunksShareTheirCompression(@TempDir Path dir) throws IOException {
        ExportTraceServiceRequest[] traces = new ExportTraceServiceRequest[200];
        for (int t = 0; t < traces.length; t++) {
            Span.Builder[] spans = new Span.Builder[5];
            for (int i = 0; i < spans.length; i++) {
                spans[i] = spanOf(t, t * 10L + i, 40).addAttributes(string("http.request.method", "GET"))
                        .addAttributes(string("url.path", "/product/" + (t * 7919 % 1000)));
            }
            traces[t] = request("shop", spans);
        }
        try (ChronicleTraceStore store = open(dir.resolve("one-by-one"))) {
            for (ExportTraceServiceRequest r : traces) {
                store.write(r);
            }
        }
        ExportTraceServiceRequest.Builder all = ExportTraceServiceRequest.newBuilder();
        for (ExportTraceServiceRequest r : traces) {
            all.addAllResourceSpans(r.getResourceSpansList());
        }
        try (ChronicleTraceStore store = open(dir.resolve("together"))) {
            store.write(all.build());
        }
        long oneByOne = spanLogBytes(dir.resolve("one-by-one"));
        long together = spanLogBytes(dir.resolve("together"));
        assertTrue(together * 2 < oneByOne, "together " + together + " bytes, one by one " + oneByOne);
    }

    private static long spanLogBytes(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            return files.filter(p -> p.getFileName().toString().equals("spans.log")).mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
