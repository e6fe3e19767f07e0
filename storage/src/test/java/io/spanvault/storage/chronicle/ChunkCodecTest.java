package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.string;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunk bodies are stored compressed and come back byte for byte. */
class ChunkCodecTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    @Test
    void aBodyRoundTripsCompressed() {
        byte[] raw = "GET /cart user.id=user-1 http.request.method=GET ".repeat(40).getBytes();
        ChunkCodec.Stored stored = ChunkCodec.compress(raw, raw.length);
        assertEquals(raw.length, stored.rawLength());
        assertTrue(stored.bytes().length < raw.length / 4, "compressed to " + stored.bytes().length);
        assertArrayEquals(raw, ChunkCodec.decompress(stored.bytes(), stored.rawLength()));
    }

    @Test
    void aBodyThatWouldNotShrinkIsStoredAsItIs() {
        byte[] random = new byte[512];
        new SplittableRandom(3).nextBytes(random);
        ChunkCodec.Stored stored = ChunkCodec.compress(random, random.length);
        assertEquals(0, stored.rawLength());
        assertArrayEquals(random, stored.bytes());
        assertSame(random, ChunkCodec.decompress(random, 0), "a raw length of 0 reads the body as it is");
    }

    @Test
    void onlyTheEncodedPrefixOfTheBufferIsStored() {
        byte[] encoded = "span ".repeat(100).getBytes();
        byte[] buffer = ChunkCodec.encodingBuffer(encoded.length);
        java.util.Arrays.fill(buffer, (byte) 7);
        System.arraycopy(encoded, 0, buffer, 0, encoded.length);
        ChunkCodec.Stored stored = ChunkCodec.compress(buffer, encoded.length);
        assertArrayEquals(encoded, ChunkCodec.decompress(stored.bytes(), stored.rawLength()));
    }

    @Test
    void aBodyLargerThanTheThreadsBuffersRoundTrips() {
        byte[] raw = new byte[3 << 18];
        new SplittableRandom(5).nextBytes(raw);
        java.util.Arrays.fill(raw, 1000, raw.length, (byte) 'x');
        byte[] buffer = ChunkCodec.encodingBuffer(raw.length);
        System.arraycopy(raw, 0, buffer, 0, raw.length);
        ChunkCodec.Stored stored = ChunkCodec.compress(buffer, raw.length);
        assertEquals(raw.length, stored.rawLength());
        assertArrayEquals(raw, ChunkCodec.decompress(stored.bytes(), stored.rawLength()));
    }

    @Test
    void theSpanLogHoldsCompressedBodiesThatReadBackWhole(@TempDir Path dataDir) throws IOException {
        long encoded = 0;
        ExportTraceServiceRequest[] written = new ExportTraceServiceRequest[50];
        try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir)
                .withClock(new TestClock(NOW)).withWriteLanes(1))) {
            for (int t = 0; t < written.length; t++) {
                Span.Builder[] spans = new Span.Builder[10];
                for (int i = 0; i < spans.length; i++) {
                    spans[i] = span(traceId(t), t * 100L + i, "GET /product/{id}", NOW.minusSeconds(60 - t),
                            Duration.ofMillis(i)).addAttributes(string("http.request.method", "GET"))
                            .addAttributes(string("url.path", "/product/" + t)).addAttributes(string("user.id", "u" + t));
                }
                written[t] = request("shop", spans);
                encoded += written[t].getSerializedSize();
                store.write(written[t]);
            }
            for (int t = 0; t < written.length; t++) {
                TracesData back = store.getTrace(traceId(t), null, null).orElseThrow();
                assertEquals(TracesData.newBuilder().addAllResourceSpans(written[t].getResourceSpansList()).build(), back);
            }
        }
        long log;
        try (Stream<Path> files = Files.walk(dataDir)) {
            log = files.filter(p -> p.getFileName().toString().equals("spans.log")).mapToLong(p -> p.toFile().length())
                    .sum();
        }
        assertTrue(log < encoded / 2, "span log " + log + " bytes for " + encoded + " bytes of OTLP");
    }
}
