package io.spanvault.receiver.otlp.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.CompositeByteBuf;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A request body as it arrives, held without copying (the network buffers are kept as they are) and never
 * beyond {@code limit} bytes. A compressed body is inflated through a bounded output, so a small body that
 * expands past the limit (a "zip bomb") stops at the limit instead of filling memory.
 */
final class RequestBody implements AutoCloseable {
    private static final int INFLATE_STEP = 64 * 1024;

    private final ByteBufAllocator alloc;
    private final ContentCoding coding;
    private final int limit;
    private final CompositeByteBuf received;

    RequestBody(ByteBufAllocator alloc, ContentCoding coding, int limit) {
        this.alloc = alloc;
        this.coding = coding;
        this.limit = limit;
        this.received = alloc.compositeBuffer(Integer.MAX_VALUE);
    }

    /** Adds a chunk as received (retaining it); false when the body would grow past the limit. */
    boolean append(ByteBuf chunk) {
        if (chunk.readableBytes() > limit - received.readableBytes()) {
            return false;
        }
        if (chunk.isReadable()) {
            received.addComponent(true, chunk.retain());
        }
        return true;
    }

    /** The body, decompressed; the caller releases it. */
    ByteBuf decoded() throws IOException, BodyTooLargeException {
        if (coding == ContentCoding.IDENTITY) {
            return received.retain();
        }
        Inflater inflater = coding == ContentCoding.DEFLATE ? new Inflater(!hasZlibHeader(received)) : null;
        try (InputStream in = inflater == null
                ? new GZIPInputStream(new ByteBufInputStream(received.duplicate()), INFLATE_STEP)
                : new InflaterInputStream(new ByteBufInputStream(received.duplicate()), inflater, INFLATE_STEP)) {
            return inflate(in);
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    private ByteBuf inflate(InputStream in) throws IOException, BodyTooLargeException {
        ByteBuf out = alloc.heapBuffer(Math.min(limit, INFLATE_STEP), limit);
        try {
            while (true) {
                if (out.writerIndex() == limit) {
                    if (in.read() >= 0) {
                        throw new BodyTooLargeException(limit);
                    }
                    return out;
                }
                out.ensureWritable(Math.min(INFLATE_STEP, limit - out.writerIndex()));
                if (out.writeBytes(in, out.writableBytes()) < 0) {
                    return out;
                }
            }
        } catch (IOException | BodyTooLargeException | RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** HTTP's deflate is zlib-wrapped, but some clients send raw deflate; the zlib header tells them apart. */
    private static boolean hasZlibHeader(ByteBuf body) {
        if (body.readableBytes() < 2) {
            return true;
        }
        int cmf = body.getUnsignedByte(body.readerIndex());
        int flg = body.getUnsignedByte(body.readerIndex() + 1);
        return (cmf & 0x0f) == 8 && (cmf * 256 + flg) % 31 == 0;
    }

    @Override
    public void close() {
        received.release();
    }
}
