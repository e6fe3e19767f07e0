package io.spanvault.storage.chronicle;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.spanvault.storage.StorageException;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Compresses the span log's blocks (format 3: the bodies of up to a write's chunks of one lane together) with
 * zstd's fast level -1, and reads format 2's LZ4-compressed single chunks. A block shares the attribute keys, resources
 * and scopes its traces repeat, which one chunk alone cannot: on the store benchmark's 10-span traces, 25
 * chunks per block take 23 bytes per span with zstd and 37 with LZ4 against 90 for LZ4 chunk by chunk, and
 * zstd compresses a block for less CPU per span than LZ4 compressed single chunks ({@code bench/README.md}).
 */
final class ChunkCodec {
    /**
     * zstd's first "fast" level: on the store benchmark's blocks about a tenth less compression CPU than level 1
     * (0.51 against 0.58 us per span, means of three runs) and slightly faster reads, for 1.5% more bytes (27.7
     * against 27.3 per span); the levels below it save no more CPU and lose a quarter of the ratio or more
     * ({@code ChunkCodecBenchmark}). A frame decodes the same whatever level wrote it, so blocks written at level
     * 1 read as before.
     */
    private static final int LEVEL = -1;
    private static final LZ4FastDecompressor LZ4 = LZ4Factory.fastestInstance().fastDecompressor();
    // contexts hold zstd's tables: reusing one per thread saves allocating them for every block
    private static final ThreadLocal<ZstdCompressCtx> COMPRESSOR =
            ThreadLocal.withInitial(() -> new ZstdCompressCtx().setLevel(LEVEL));
    private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSOR = ThreadLocal.withInitial(ZstdDecompressCtx::new);

    private ChunkCodec() {
    }

    private static final ThreadLocal<byte[]> OUTPUT =
            ThreadLocal.withInitial(() -> new byte[bound(ChunkBlock.MAX_RAW_BYTES)]);

    /** The compressed form of {@code raw[0, length)}, in an array of its own size. */
    static byte[] compress(byte[] raw, int length) {
        byte[] scratch = OUTPUT.get();
        byte[] out = bound(length) <= scratch.length ? scratch : new byte[bound(length)];
        int packed;
        try {
            packed = COMPRESSOR.get().compressByteArray(out, 0, out.length, raw, 0, length);
        } catch (ZstdException e) {
            throw new StorageException("a block does not compress: " + e.getMessage(), e);
        }
        return java.util.Arrays.copyOf(out, packed);
    }

    private static int bound(int length) {
        return Math.toIntExact(Zstd.compressBound(length));
    }

    /** Decompresses the block of {@code rawLength} bytes stored in {@code stored[from, from + length)}. */
    static byte[] decompress(byte[] stored, int from, int length, int rawLength) {
        byte[] raw = new byte[rawLength];
        try {
            if (DECOMPRESSOR.get().decompressByteArray(raw, 0, rawLength, stored, from, length) != rawLength) {
                throw new StorageException("a stored block decompresses to fewer bytes than its header says");
            }
        } catch (ZstdException e) {
            throw new StorageException("a stored block does not decompress: " + e.getMessage(), e);
        }
        return raw;
    }

    /** A format 2 chunk body: LZ4-compressed, or as it is when {@code rawLength} is 0. */
    static byte[] decompressLegacy(byte[] stored, int rawLength) {
        if (rawLength == 0) {
            return stored;
        }
        try {
            return LZ4.decompress(stored, rawLength);
        } catch (LZ4Exception e) {
            throw new StorageException("a stored chunk does not decompress: " + e.getMessage(), e);
        }
    }
}
