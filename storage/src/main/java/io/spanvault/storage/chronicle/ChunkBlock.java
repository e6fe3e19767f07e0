package io.spanvault.storage.chronicle;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive chunks of one lane's share of a write, compressed together as one span log record (format 3):
 * a block shares what its traces repeat (attribute keys, resources, scopes), which a chunk alone cannot.
 * Built and compressed before the lane's lock is taken; the lane then only adds each chunk's back-pointer.
 *
 * @param chunks     the chunks, in the order their bodies follow each other in the block
 * @param compressed the concatenated bodies, compressed by {@link ChunkCodec}
 * @param rawLength  the length of the concatenated bodies
 */
record ChunkBlock(List<Chunk> chunks, byte[] compressed, int rawLength) {
    /**
     * Raw bytes past which a block takes no further chunk: reading one chunk decompresses its whole block, so
     * this bounds the cost of a trace lookup; past ~10 realistic chunks the ratio gains little.
     */
    static final int MAX_RAW_BYTES = 32 << 10;
    /** Chunks per block at most: a chunk's address keeps its place in the block in its low 8 bits. */
    static final int MAX_CHUNKS = 255;

    private static final ThreadLocal<byte[]> RAW = ThreadLocal.withInitial(() -> new byte[MAX_RAW_BYTES]);

    /** Cuts {@code chunks} (in their order) into blocks and compresses each. */
    static List<ChunkBlock> pack(List<Chunk> chunks) {
        List<ChunkBlock> blocks = new ArrayList<>(1 + chunks.size() / 8);
        int from = 0;
        while (from < chunks.size()) {
            int to = from;
            int raw = 0;
            do {
                raw += chunks.get(to).body().length;
                to++;
            } while (to < chunks.size() && to - from < MAX_CHUNKS
                    && raw + chunks.get(to).body().length <= MAX_RAW_BYTES);
            blocks.add(compress(chunks.subList(from, to), raw));
            from = to;
        }
        return blocks;
    }

    private static ChunkBlock compress(List<Chunk> chunks, int rawLength) {
        byte[] scratch = RAW.get();
        byte[] raw = rawLength <= scratch.length ? scratch : new byte[rawLength];
        int at = 0;
        for (Chunk c : chunks) {
            System.arraycopy(c.body(), 0, raw, at, c.body().length);
            at += c.body().length;
        }
        return new ChunkBlock(chunks, ChunkCodec.compress(raw, rawLength), rawLength);
    }
}
