package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;
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

    private ChunkCodec() {
    }

    /** A body as stored: compressed, with its raw length, or as it is (raw length 0) when that is not smaller. */
    record Stored(byte[] bytes, int rawLength) {
    }

    static Stored compress(byte[] raw) {
        byte[] packed = COMPRESSOR.compress(raw);
        return packed.length < raw.length ? new Stored(packed, raw.length) : new Stored(raw, 0);
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
