package io.spanvault.receiver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.zip.ZipException;

/**
 * Decodes a compressed request body chunk by chunk as it arrives, into one buffer that never grows past the
 * limit: a body that expands beyond it (a decompression bomb) is refused as soon as it does.
 */
interface BodyDecoder extends AutoCloseable {

    static BodyDecoder of(ByteBufAllocator alloc, ContentCoding coding, int limit) {
        return switch (coding) {
            case GZIP -> new StreamingInflater(alloc, true, limit);
            case DEFLATE -> new StreamingInflater(alloc, false, limit);
            case ZSTD -> new ZstdDecoder(alloc, limit);
            case SNAPPY -> new SnappyDecoder(alloc, limit);
            case SNAPPY_FRAMED -> new SnappyFramedDecoder(alloc, limit);
            case IDENTITY -> throw new IllegalArgumentException("an identity body needs no decoder");
        };
    }

    /** Decodes a chunk as received; false when the decoded body grew past the limit. */
    boolean add(ByteBuf chunk) throws ZipException;

    /** The memory the decoded body (and any compressed bytes held for it) takes so far. */
    long decodedBytes();

    /** The decoded body, which the caller releases; fails if the compressed stream ended early. */
    ByteBuf finish() throws ZipException;

    @Override
    void close();
}
