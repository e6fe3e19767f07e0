package io.spanvault.receiver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * {@code Content-Encoding: snappy}: the block format by the name, but older Collectors (before v0.125) send
 * the framing format under it, so a body that starts with the framing's stream identifier is read as framed,
 * as the Collector's receivers do.
 */
final class SnappyDecoder implements BodyDecoder {
    private final ByteBufAllocator alloc;
    private final int limit;
    private final byte[] head = new byte[SnappyFramedDecoder.STREAM_IDENTIFIER.length];
    private int headLength;
    private BodyDecoder format;

    SnappyDecoder(ByteBufAllocator alloc, int limit) {
        this.alloc = alloc;
        this.limit = limit;
    }

    @Override
    public boolean add(ByteBuf chunk) throws ZipException {
        if (format == null) {
            int n = Math.min(chunk.readableBytes(), head.length - headLength);
            chunk.getBytes(chunk.readerIndex(), head, headLength, n);
            headLength += n;
            if (headLength < head.length) {
                return true;
            }
            if (!choose()) {
                return false;
            }
            return format.add(chunk.slice(chunk.readerIndex() + n, chunk.readableBytes() - n));
        }
        return format.add(chunk);
    }

    /** Picks the format from the first bytes and feeds them to it. */
    private boolean choose() throws ZipException {
        boolean framed = headLength == head.length && Arrays.equals(head, SnappyFramedDecoder.STREAM_IDENTIFIER);
        format = framed ? new SnappyFramedDecoder(alloc, limit) : new SnappyBlockDecoder(alloc, limit);
        return format.add(Unpooled.wrappedBuffer(head, 0, headLength));
    }

    @Override
    public long decodedBytes() {
        return format == null ? head.length : format.decodedBytes();
    }

    @Override
    public ByteBuf finish() throws ZipException {
        if (format == null && !choose()) {
            throw new ZipException("snappy body declares more than " + limit + " bytes");
        }
        return format.finish();
    }

    @Override
    public void close() {
        if (format != null) {
            format.close();
        }
    }
}
