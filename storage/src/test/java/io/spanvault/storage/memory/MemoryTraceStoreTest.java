package io.spanvault.storage.memory;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.storage.Operation;
import io.spanvault.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The bounds of the in-memory store: past max_spans or max_bytes the oldest traces go, whole. */
class MemoryTraceStoreTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    private static Span.Builder[] spans(long trace, int count, String name) {
        Span.Builder[] spans = new Span.Builder[count];
        for (int i = 0; i < count; i++) {
            spans[i] = span(traceId(trace), i + 1, name, NOW.plusMillis(trace * 10 + i), Duration.ofMillis(1));
        }
        return spans;
    }

    @Test
    void pastMaxSpansTheOldestTracesAreDroppedWhole() {
        MemoryTraceStore store = new MemoryTraceStore(new MemoryStoreConfig(10L, null));
        store.write(request("old", spans(1, 4, "a")));
        store.write(request("mid", spans(2, 4, "b")));
        store.write(request("new", spans(3, 4, "c")));

        assertEquals(Optional.empty(), store.getTrace(traceId(1), null, null));
        assertTrue(store.getTrace(traceId(2), null, null).isPresent());
        assertTrue(store.getTrace(traceId(3), null, null).isPresent());
        assertEquals(8, store.spanCount());
        assertEquals(4, store.evictedSpans());
        assertEquals(List.of("mid", "new"), store.getServices(), "a dropped trace takes its service along");
        assertEquals(List.of(), store.getOperations("old", null));
        assertEquals(List.of(new Operation("b", "server")), store.getOperations("mid", null));
    }

    @Test
    void pastMaxBytesTheOldestTracesAreDropped() {
        long oneTrace = request("svc", spans(1, 5, "op")).getResourceSpans(0).getSerializedSize();

        MemoryTraceStore store = new MemoryTraceStore(new MemoryStoreConfig(null, oneTrace * 2 + 1));
        for (long t = 1; t <= 5; t++) {
            store.write(request("svc", spans(t, 5, "op")));
        }

        assertEquals(2, store.traceCount());
        assertTrue(store.getTrace(traceId(5), null, null).isPresent());
        assertTrue(store.getTrace(traceId(4), null, null).isPresent());
        assertEquals(Optional.empty(), store.getTrace(traceId(3), null, null));
    }

    @Test
    void spansWithABadTraceIdAreCountedNotStored() {
        MemoryTraceStore store = new MemoryTraceStore(MemoryStoreConfig.defaults());
        store.write(request("svc", span(traceId(1), 1, "op", NOW, Duration.ofMillis(1))
                .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[3]))));

        assertEquals(1, store.invalidSpans());
        assertEquals(0, store.spanCount());
    }

    @Test
    void aClosedStoreRefusesWrites() {
        MemoryTraceStore store = new MemoryTraceStore(MemoryStoreConfig.defaults());
        store.close();

        assertThrows(StorageException.class, () -> store.write(request("svc", spans(1, 1, "op"))));
    }
}
