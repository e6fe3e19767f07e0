package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.string;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.spanvault.storage.StorageException;
import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Span log blocks are stored compressed and come back byte for byte; format 2 bodies still read. */
class ChunkCodecTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    @Test
    void aBlockRoundTripsCompressed() {
        byte[] raw = "GET /cart user.id=user-1 http.request.method=GET ".repeat(40).getBytes();
        byte[] framed = new byte[raw.length + 10];
        byte[] stored = ChunkCodec.compress(raw, raw.length);
        assertTrue(stored.length < raw.length / 4, "compressed to " + stored.length);
        System.arraycopy(stored, 0, framed, 3, stored.length);
        assertArrayEquals(raw, ChunkCodec.decompress(framed, 3, stored.length, raw.length));
    }

    @Test
    void aBlockLargerThanTheThreadsBufferRoundTrips() {
        byte[] raw = new byte[3 << 18];
        new SplittableRandom(5).nextBytes(raw);
        java.util.Arrays.fill(raw, 1000, raw.length, (byte) 'x');
        byte[] stored = ChunkCodec.compress(raw, raw.length);
        assertArrayEquals(raw, ChunkCodec.decompress(stored, 0, stored.length, raw.length));
    }

    @Test
    void aCorruptBlockIsAStorageErrorNotAWrongBody() {
        byte[] raw = "span ".repeat(100).getBytes();
        byte[] stored = ChunkCodec.compress(raw, raw.length);
        stored[stored.length / 2] ^= 0x5a;
        assertThrows(StorageException.class, () -> ChunkCodec.decompress(stored, 0, stored.length, raw.length + 1));
    }

    @Test
    void aFormat2BodyReadsFromLz4OrAsItIs() {
        byte[] raw = "GET /cart user.id=user-1 ".repeat(40).getBytes();
        byte[] lz4 = LZ4Factory.fastestInstance().fastCompressor().compress(raw);
        assertArrayEquals(raw, ChunkCodec.decompressLegacy(lz4, raw.length));
        assertSame(raw, ChunkCodec.decompressLegacy(raw, 0), "a raw length of 0 reads the body as it is");
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
