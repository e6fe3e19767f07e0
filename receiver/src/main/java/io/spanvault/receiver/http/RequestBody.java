package io.spanvault.receiver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.zip.ZipException;

/**
 * A request body as it arrives, never beyond {@code limit} bytes: an uncompressed body is held as the
 * network buffers themselves until it is whole; a compressed one is decoded chunk by chunk and checked on its
 * decoded size as it streams in.
 */
public final class RequestBody implements AutoCloseable {
    private final int limit;
    private final CompositeByteBuf received;
    private final BodyDecoder inflater;
    private long compressedBytes;

    public RequestBody(ByteBufAllocator alloc, ContentCoding coding, int limit) {
        this.limit = limit;
        if (coding == ContentCoding.IDENTITY) {
            this.received = alloc.compositeBuffer(Integer.MAX_VALUE);
            this.inflater = null;
        } else {
            this.received = null;
            this.inflater = BodyDecoder.of(alloc, coding, limit);
        }
    }

    /**
     * Adds a chunk as received; false when the body (inflated, if compressed) grew past the limit. A
     * compressed body may not exceed the limit even before inflating.
     */
    public boolean append(ByteBuf chunk) throws ZipException {
        if (inflater != null) {
            compressedBytes += chunk.readableBytes();
            return compressedBytes <= limit && inflater.add(chunk);
        }
        if (chunk.readableBytes() > limit - received.readableBytes()) {
            return false;
        }
        if (chunk.isReadable()) {
            received.addComponent(true, chunk.retain());
        }
        return true;
    }

    /** Bytes received on the wire so far (before inflating). */
    long wireBytes() {
        return inflater != null ? compressedBytes : received.readableBytes();
    }

    /** Bytes held in memory for this body so far: received, and inflated when compressed. */
    long heldBytes() {
        return inflater != null ? compressedBytes + inflater.decodedBytes() : received.readableBytes();
    }

    /**
     * The whole body, inflated, in one piece; the caller releases it. A body that arrived in several reads is
     * copied together once: protobuf decodes one array or buffer several times faster than a list of them,
     * which it reads through a stream (as the decoded-size estimate does, before it).
     */
    public ByteBuf decoded() throws ZipException {
        if (inflater != null) {
            return inflater.finish();
        }
        if (received.numComponents() > 1) {
            received.consolidate();
        }
        return received.retain();
    }

    @Override
    public void close() {
        if (inflater != null) {
            inflater.close();
        } else {
            received.release();
        }
    }
}
