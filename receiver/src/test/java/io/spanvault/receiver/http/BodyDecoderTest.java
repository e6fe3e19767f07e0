package io.spanvault.receiver.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.luben.zstd.Zstd;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

/** The zstd and snappy body decoders: round trips fed in any chunking, truncation, corruption and bombs. */
class BodyDecoderTest {
    private static final byte[] DATA = data(300_000);

    private static byte[] data(int size) {
        byte[] d = new byte[size];
        Random random = new Random(11);
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) ("span".charAt(i % 4) + random.nextInt(3));
        }
        return d;
    }

    static byte[] snappyFramed(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream framed = new SnappyFramedOutputStream(out)) {
            framed.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void everyCodingRoundTripsWhateverTheChunking() throws Exception {
        byte[] zstd = Zstd.compress(DATA);
        byte[] block = Snappy.compress(DATA);
        byte[] framed = snappyFramed(DATA);
        for (int chunk : new int[] {1, 7, 4096, Integer.MAX_VALUE}) {
            assertArrayEquals(DATA, decode(ContentCoding.ZSTD, zstd, chunk, DATA.length), "zstd by " + chunk);
            assertArrayEquals(DATA, decode(ContentCoding.SNAPPY, block, chunk, DATA.length), "snappy by " + chunk);
            assertArrayEquals(DATA, decode(ContentCoding.SNAPPY_FRAMED, framed, chunk, DATA.length),
                    "x-snappy-framed by " + chunk);
            // older Collectors send the framed format as "snappy"
            assertArrayEquals(DATA, decode(ContentCoding.SNAPPY, framed, chunk, DATA.length),
                    "framed snappy as snappy by " + chunk);
        }
    }

    @Test
    void concatenatedZstdFramesDecodeToTheirConcatenation() throws Exception {
        byte[] both = concat(Zstd.compress("hello ".getBytes()), Zstd.compress("world".getBytes()));
        assertArrayEquals("hello world".getBytes(), decode(ContentCoding.ZSTD, both, 3, 100));
    }

    @Test
    void bodiesThatDecodeToExactlyTheLimitAreTaken() throws Exception {
        assertArrayEquals(DATA, decode(ContentCoding.ZSTD, Zstd.compress(DATA), 1000, DATA.length));
        assertArrayEquals(DATA, decode(ContentCoding.SNAPPY_FRAMED, snappyFramed(DATA), 1000, DATA.length));
        assertArrayEquals(DATA, decode(ContentCoding.SNAPPY, Snappy.compress(DATA), 1000, DATA.length));
    }

    @Test
    void bombsAreRefusedBeforeTheirEnd() throws Exception {
        byte[] zeros = new byte[8 << 20];
        int limit = 1 << 20;
        assertFalse(feedsWithinLimit(ContentCoding.ZSTD, Zstd.compress(zeros), limit), "zstd");
        // a frame whose window is far larger than any body taken is refused on its header
        ZipException window = assertThrows(ZipException.class,
                () -> feedsWithinLimit(ContentCoding.ZSTD, largeWindow(), limit));
        assertEquals("zstd data cannot be decoded: Frame requires too much memory for decoding", window.getMessage());
        assertFalse(feedsWithinLimit(ContentCoding.SNAPPY_FRAMED, snappyFramed(zeros), limit), "x-snappy-framed");
        // a block declares its length first: refused on its first bytes
        byte[] block = Snappy.compress(zeros);
        assertFalse(feedsWithinLimit(ContentCoding.SNAPPY, Arrays.copyOf(block, 16), limit), "snappy");
        // one byte over is over
        assertFalse(feedsWithinLimit(ContentCoding.ZSTD, Zstd.compress(Arrays.copyOf(DATA, 1001)), 1000));
        assertFalse(feedsWithinLimit(ContentCoding.SNAPPY, Snappy.compress(Arrays.copyOf(DATA, 1001)), 1000));
    }

    @Test
    void truncatedBodiesAreRefused() throws Exception {
        byte[] zstd = Zstd.compress(DATA);
        byte[] framed = snappyFramed(DATA);
        byte[] block = Snappy.compress(DATA);
        assertThrows(ZipException.class, () -> decode(ContentCoding.ZSTD, Arrays.copyOf(zstd, zstd.length - 1), 100,
                DATA.length));
        assertThrows(ZipException.class, () -> decode(ContentCoding.SNAPPY_FRAMED,
                Arrays.copyOf(framed, framed.length - 1), 100, DATA.length));
        assertThrows(ZipException.class, () -> decode(ContentCoding.SNAPPY, Arrays.copyOf(block, block.length - 1),
                100, DATA.length));
        assertThrows(ZipException.class, () -> decode(ContentCoding.ZSTD, new byte[0], 1, 100));
    }

    @Test
    void corruptBodiesAreRefusedWithAReason() throws Exception {
        byte[] framed = snappyFramed(DATA);
        framed[framed.length - 1] ^= 1;
        ZipException crc = assertThrows(ZipException.class,
                () -> decode(ContentCoding.SNAPPY_FRAMED, framed, 100, DATA.length));
        assertEquals("snappy chunk checksum mismatch", crc.getMessage());
        ZipException notFramed = assertThrows(ZipException.class,
                () -> decode(ContentCoding.SNAPPY_FRAMED, Snappy.compress(DATA), 100, DATA.length));
        assertEquals("snappy framed body does not start with the stream identifier", notFramed.getMessage());
        assertThrows(ZipException.class, () -> decode(ContentCoding.ZSTD, "not zstd at all".getBytes(), 4, 100));
        assertThrows(ZipException.class, () -> decode(ContentCoding.SNAPPY, new byte[] {5, 0x7f, 1, 2, 3}, 4, 100));
    }

    @Test
    void theDecoderLeavesTheReceivedChunkUnread() throws Exception {
        for (ContentCoding coding : new ContentCoding[] {ContentCoding.ZSTD, ContentCoding.SNAPPY,
            ContentCoding.SNAPPY_FRAMED}) {
            byte[] body = coding == ContentCoding.ZSTD ? Zstd.compress(DATA)
                    : coding == ContentCoding.SNAPPY ? Snappy.compress(DATA) : snappyFramed(DATA);
            ByteBuf chunk = Unpooled.wrappedBuffer(body);
            try (BodyDecoder decoder = BodyDecoder.of(UnpooledByteBufAllocator.DEFAULT, coding, DATA.length)) {
                decoder.add(chunk);
                assertEquals(body.length, chunk.readableBytes(), coding.name());
                decoder.finish().release();
            }
        }
    }

    /** A one-byte frame whose header asks for a 128 MiB window (descriptor 0x88: 2^(10+17)). */
    private static byte[] largeWindow() {
        return new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd, 0x00, (byte) 0x88, 0x09, 0x00, 0x00, 'x'};
    }

    private static boolean feedsWithinLimit(ContentCoding coding, byte[] body, int limit) throws ZipException {
        try (BodyDecoder decoder = BodyDecoder.of(UnpooledByteBufAllocator.DEFAULT, coding, limit)) {
            for (int at = 0; at < body.length; at += 8192) {
                if (!decoder.add(Unpooled.wrappedBuffer(body, at, Math.min(8192, body.length - at)))) {
                    return false;
                }
                if (decoder.decodedBytes() > 3L * limit) {
                    throw new AssertionError(coding + " holds " + decoder.decodedBytes() + " bytes");
                }
            }
            decoder.finish().release();
            return true;
        }
    }

    static byte[] decode(ContentCoding coding, byte[] body, int chunk, int limit) throws ZipException {
        try (BodyDecoder decoder = BodyDecoder.of(UnpooledByteBufAllocator.DEFAULT, coding, limit)) {
            for (int at = 0; at < body.length; at += chunk) {
                int n = (int) Math.min(chunk, (long) body.length - at);
                if (!decoder.add(Unpooled.wrappedBuffer(body, at, n))) {
                    throw new AssertionError(coding + " went over the limit");
                }
            }
            ByteBuf out = decoder.finish();
            try {
                return ByteBufUtil.getBytes(out);
            } finally {
                out.release();
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
