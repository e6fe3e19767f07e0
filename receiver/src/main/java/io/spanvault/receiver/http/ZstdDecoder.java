package io.spanvault.receiver.http;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.spanvault.pipeline.compression.ZstdGrpcCodec;
import java.nio.ByteBuffer;
import java.util.zip.ZipException;

/**
 * Decompresses a zstd body (one or more frames) as it streams in. The decoder's window is capped as for gRPC
 * ({@link ZstdGrpcCodec#windowLogFor}), so a frame cannot make it reserve much more native memory than the
 * body may decode to; a frame that asks for more is refused.
 */
final class ZstdDecoder implements BodyDecoder {
    private static final int STEP = 64 * 1024;

    private final int limit;
    private final ByteBuf out;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    /** Whether the input so far ends exactly at the end of a frame. */
    private boolean frameComplete;
    private boolean started;

    ZstdDecoder(ByteBufAllocator alloc, int limit) {
        this.limit = limit;
        this.out = alloc.heapBuffer(Math.min(limit, STEP), limit);
        zstd.setLongMax(ZstdGrpcCodec.windowLogFor(limit));
    }

    @Override
    public boolean add(ByteBuf chunk) throws ZipException {
        try {
            for (ByteBuffer in : chunk.nioBuffers()) {
                started |= in.hasRemaining();
                if (!decompress(in)) {
                    return false;
                }
            }
        } catch (ZstdException e) {
            throw new ZipException("zstd data cannot be decoded: " + e.getMessage());
        }
        return true;
    }

    /** Takes all of {@code in}, and all the output it yields; false once that passes the limit. */
    private boolean decompress(ByteBuffer in) {
        while (true) {
            if (out.writerIndex() == limit) {
                // no room left: a single further byte of output means the body is over the limit
                probe.clear();
                frameComplete = zstd.decompressByteBufferStream(probe, in);
                if (probe.position() > 0) {
                    return false;
                }
                if (!in.hasRemaining()) {
                    return true;
                }
                continue;
            }
            out.ensureWritable(Math.min(STEP, limit - out.writerIndex()));
            ByteBuffer dst = out.nioBuffer(out.writerIndex(), out.writableBytes());
            frameComplete = zstd.decompressByteBufferStream(dst, in);
            out.writerIndex(out.writerIndex() + dst.position());
            if (!in.hasRemaining() && (dst.hasRemaining() || frameComplete)) {
                return true; // input used up with room to spare: the decoder holds nothing more back
            }
        }
    }

    @Override
    public long decodedBytes() {
        return out.capacity();
    }

    @Override
    public ByteBuf finish() throws ZipException {
        if (!started || !frameComplete) {
            throw new ZipException("zstd body is truncated");
        }
        return out.retain();
    }

    @Override
    public void close() {
        out.release();
        zstd.close();
    }
}
