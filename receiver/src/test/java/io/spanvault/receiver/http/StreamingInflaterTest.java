package io.spanvault.receiver.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class StreamingInflaterTest {
    private static final byte[] DATA = data();

    private static byte[] data() {
        byte[] d = new byte[50_000];
        Random random = new Random(7);
        for (int i = 0; i < d.length; i++) {
            d[i] = (byte) ("otlp".charAt(i % 4) + random.nextInt(3));
        }
        return d;
    }

    @Test
    void gzipWithEveryOptionalHeaderFieldInflatesFedOneByteAtATime() throws Exception {
        byte[] gzip = gzipWithAllHeaderFields(DATA);
        assertArrayEquals(DATA, inflate(gzip, true, 1, DATA.length));
    }

    @Test
    void concatenatedGzipMembersInflateToTheirConcatenation() throws Exception {
        byte[] hello = "hello ".getBytes(StandardCharsets.US_ASCII);
        byte[] world = "world".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(gzip(hello));
        both.writeBytes(gzip(world));
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), inflate(both.toByteArray(), true, 3, 100));
    }

    @Test
    void zlibAndRawDeflateBothInflate() throws Exception {
        assertArrayEquals(DATA, inflate(deflate(DATA, false), false, 7, DATA.length));
        assertArrayEquals(DATA, inflate(deflate(DATA, true), false, 7, DATA.length));
    }

    @Test
    void aBombIsRefusedLongBeforeItsEnd() throws Exception {
        byte[] bomb = gzip(new byte[16 << 20]);
        StreamingInflater inflater = new StreamingInflater(UnpooledByteBufAllocator.DEFAULT, true, 64 * 1024);
        try {
            int fed = 0;
            boolean within = true;
            while (within && fed < bomb.length) {
                int n = Math.min(1024, bomb.length - fed);
                within = inflater.add(Unpooled.wrappedBuffer(bomb, fed, n));
                fed += n;
            }
            assertFalse(within);
            assertTrue(fed < bomb.length / 4, "refused after " + fed + " of " + bomb.length + " bytes");
        } finally {
            inflater.close();
        }
    }

    @Test
    void brokenStreamsAreRefused() throws Exception {
        byte[] gzip = gzip(DATA);
        byte[] truncated = java.util.Arrays.copyOf(gzip, gzip.length - 3);
        assertThrows(ZipException.class, () -> inflate(truncated, true, 100, DATA.length));

        byte[] badCrc = gzip.clone();
        badCrc[badCrc.length - 8] ^= 1;
        assertThrows(ZipException.class, () -> inflate(badCrc, true, 100, DATA.length));

        assertThrows(ZipException.class, () -> inflate(DATA, true, 100, DATA.length));
        assertThrows(ZipException.class, () -> inflate(new byte[] {0x78, (byte) 0x9c, 1, 2, 3, 4}, false, 1, 100));
    }

    private static byte[] inflate(byte[] compressed, boolean gzip, int chunk, int limit) throws IOException {
        StreamingInflater inflater = new StreamingInflater(UnpooledByteBufAllocator.DEFAULT, gzip, limit);
        try {
            for (int i = 0; i < compressed.length; i += chunk) {
                ByteBuf direct = Unpooled.directBuffer(chunk).writeBytes(compressed, i,
                        Math.min(chunk, compressed.length - i));
                try {
                    assertTrue(inflater.add(direct), "within the limit");
                } finally {
                    direct.release();
                }
            }
            ByteBuf out = inflater.finish();
            try {
                return ByteBufUtil.getBytes(out);
            } finally {
                out.release();
            }
        } finally {
            inflater.close();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /** A gzip member with FEXTRA, FNAME, FCOMMENT and FHCRC, which GZIPOutputStream never writes. */
    private static byte[] gzipWithAllHeaderFields(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, (byte) 255});
        out.write(new byte[] {3, 0, 'a', 'b', 'c'});
        out.writeBytes("spans.pb\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("a comment\0".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0x12, 0x34});
        out.writeBytes(deflate(data, true));
        CRC32 crc = new CRC32();
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue())
                .putInt(data.length).array());
        return out.toByteArray();
    }
}
