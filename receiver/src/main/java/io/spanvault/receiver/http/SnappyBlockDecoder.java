package io.spanvault.receiver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.zip.ZipException;

/**
 * A body in snappy's block format, which decodes only whole: the compressed bytes are held (at most the limit,
 * as for every compressed body) and a declared length over the limit is refused from the first bytes.
 */
final class SnappyBlockDecoder implements BodyDecoder {
    private final int limit;
    private final ByteBuf compressed;
    private final ByteBufAllocator alloc;
    private long declared = -1;

    SnappyBlockDecoder(ByteBufAllocator alloc, int limit) {
        this.alloc = alloc;
        this.limit = limit;
        this.compressed = alloc.heapBuffer(Math.min(limit, 64 * 1024), limit);
    }

    @Override
    public boolean add(ByteBuf chunk) throws ZipException {
        if (chunk.readableBytes() > compressed.maxWritableBytes()) {
            return false;
        }
        compressed.writeBytes(chunk, chunk.readerIndex(), chunk.readableBytes());
        if (declared < 0) {
            declared = SnappyBlock.declaredLength(compressed.array(), compressed.arrayOffset(),
                    compressed.readableBytes());
        }
        return declared <= limit;
    }

    @Override
    public long decodedBytes() {
        return compressed.capacity() + Math.max(declared, 0);
    }

    @Override
    public ByteBuf finish() throws ZipException {
        if (declared < 0) {
            throw new ZipException("snappy body is truncated");
        }
        ByteBuf out = alloc.heapBuffer((int) declared, (int) declared);
        try {
            SnappyBlock.uncompress(compressed.array(), compressed.arrayOffset(), compressed.readableBytes(),
                    out.array(), out.arrayOffset(), declared);
            out.writerIndex((int) declared);
            return out;
        } catch (ZipException e) {
            out.release();
            throw e;
        }
    }

    @Override
    public void close() {
        compressed.release();
    }
}
