package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FastDecompressor;

/**
 * Compresses chunk bodies with LZ4 (lz4-java's fastest implementation: native where it can load, else Java).
 * Chosen over zstd for the write path's sake: on realistic 10-span chunks LZ4 keeps 3.3× at about a sixth of
 * zstd level 1's CPU cost (3.85×); see {@code bench/README.md}. A body that would not shrink is stored as it
 * is, with a raw length of 0.
 */
final class ChunkCodec {
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4FastDecompressor DECOMPRESSOR = LZ4.fastDecompressor();
    /** Under half of G1's smallest region, as the lanes' write buffers; larger bodies get arrays of their own. */
    private static final int SCRATCH = 1 << 18;
    private static final ThreadLocal<byte[]> INPUT = ThreadLocal.withInitial(() -> new byte[SCRATCH]);
    private static final ThreadLocal<byte[]> OUTPUT =
            ThreadLocal.withInitial(() -> new byte[COMPRESSOR.maxCompressedLength(SCRATCH)]);

    private ChunkCodec() {
    }

    /** A body as stored: compressed, with its raw length, or as it is (raw length 0) when that is not smaller. */
    record Stored(byte[] bytes, int rawLength) {
    }

    /**
     * Compresses {@code raw[0, length)}. The bodies are encoded into and compressed through buffers of the
     * writing thread, so a chunk costs one array (the stored bytes) rather than three: the raw body, LZ4's
     * worst-case output and its trimmed copy were half the write path's allocation.
     */
    static Stored compress(byte[] raw, int length) {
        byte[] scratch = OUTPUT.get();
        int bound = COMPRESSOR.maxCompressedLength(length);
        byte[] out = bound <= scratch.length ? scratch : new byte[bound];
        int packed = COMPRESSOR.compress(raw, 0, length, out, 0, out.length);
        return packed < length ? new Stored(Arrays.copyOf(out, packed), length)
                : new Stored(Arrays.copyOf(raw, length), 0);
    }

    /** A buffer of at least {@code length} bytes to encode a body into: the thread's own when that is enough. */
    static byte[] encodingBuffer(int length) {
        byte[] scratch = INPUT.get();
        return length <= scratch.length ? scratch : new byte[length];
    }

    static byte[] decompress(byte[] stored, int rawLength) {
        if (rawLength == 0) {
            return stored;
        }
        try {
            return DECOMPRESSOR.decompress(stored, rawLength);
        } catch (LZ4Exception e) {
            throw new StorageException("a stored chunk does not decompress: " + e.getMessage(), e);
        }
    }
}
