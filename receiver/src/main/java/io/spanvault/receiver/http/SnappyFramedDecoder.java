package io.spanvault.receiver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.zip.CRC32C;
import java.util.zip.ZipException;

/**
 * A body in snappy's framing format, decoded chunk by chunk as it streams in: each frame chunk holds at most
 * 64 KiB of data, so only one compressed chunk is buffered at a time, and its CRC-32C is checked.
 */
final class SnappyFramedDecoder implements BodyDecoder {
    /** The stream identifier chunk every framed stream starts with: type 0xff, length 6, "sNaPpY". */
    static final byte[] STREAM_IDENTIFIER = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
    private static final int HEADER = 4;
    private static final int CRC = 4;
    private static final int MAX_DATA = 65536;
    /** snappy's bound on the compressed size of 64 KiB: 32 + n + n / 6. */
    private static final int MAX_CHUNK = CRC + 32 + MAX_DATA + MAX_DATA / 6;
    private static final int COMPRESSED = 0x00;
    private static final int UNCOMPRESSED = 0x01;
    private static final int IDENTIFIER = 0xff;
    private static final int LAST_UNSKIPPABLE = 0x7f;

    private final int limit;
    private final ByteBuf out;
    private final byte[] header = new byte[HEADER];
    private final byte[] chunk = new byte[MAX_CHUNK];
    private final CRC32C crc = new CRC32C();
    private int headerRead;
    private int type;
    private int length;
    private int chunkRead;
    private boolean identified;

    SnappyFramedDecoder(ByteBufAllocator alloc, int limit) {
        this.limit = limit;
        this.out = alloc.heapBuffer(Math.min(limit, MAX_DATA), limit);
    }

    @Override
    public boolean add(ByteBuf received) throws ZipException {
        ByteBuf in = received.duplicate();
        while (in.isReadable()) {
            if (headerRead < HEADER) {
                header[headerRead++] = in.readByte();
                if (headerRead == HEADER) {
                    startChunk();
                }
                continue;
            }
            int n = Math.min(in.readableBytes(), length - chunkRead);
            if (type > LAST_UNSKIPPABLE && type != IDENTIFIER) {
                in.skipBytes(n); // padding and reserved skippable chunks carry nothing
            } else {
                in.readBytes(chunk, chunkRead, n);
            }
            chunkRead += n;
            if (chunkRead == length && !endChunk()) {
                return false;
            }
        }
        return true;
    }

    private void startChunk() throws ZipException {
        type = header[0] & 0xff;
        length = (header[1] & 0xff) | (header[2] & 0xff) << 8 | (header[3] & 0xff) << 16;
        chunkRead = 0;
        if (!identified && type != IDENTIFIER) {
            throw new ZipException("snappy framed body does not start with the stream identifier");
        }
        if (type >= 0x02 && type <= LAST_UNSKIPPABLE) {
            throw new ZipException("unknown unskippable snappy chunk type " + type);
        }
        boolean carried = type != IDENTIFIER && type <= LAST_UNSKIPPABLE;
        if (carried && (length < CRC || length > MAX_CHUNK) || type == IDENTIFIER && length != 6) {
            throw new ZipException("snappy chunk of type " + type + " has an invalid length " + length);
        }
        if (length == 0) {
            headerRead = 0;
        }
    }

    /** Decodes the chunk now complete; false when its data takes the body past the limit. */
    private boolean endChunk() throws ZipException {
        headerRead = 0;
        if (type == IDENTIFIER) {
            for (int i = 0; i < 6; i++) {
                if (chunk[i] != STREAM_IDENTIFIER[HEADER + i]) {
                    throw new ZipException("snappy stream identifier is not sNaPpY");
                }
            }
            identified = true;
            return true;
        }
        if (type != COMPRESSED && type != UNCOMPRESSED) {
            return true;
        }
        int dataLength = type == UNCOMPRESSED ? length - CRC
                : (int) Math.min(Integer.MAX_VALUE, declared(chunk, CRC, length - CRC));
        if (dataLength > MAX_DATA) {
            throw new ZipException("snappy chunk holds " + dataLength + " bytes, more than 65536");
        }
        if (dataLength > limit - out.writerIndex()) {
            return false;
        }
        out.ensureWritable(dataLength);
        int at = out.arrayOffset() + out.writerIndex();
        if (type == UNCOMPRESSED) {
            System.arraycopy(chunk, CRC, out.array(), at, dataLength);
        } else {
            SnappyBlock.uncompress(chunk, CRC, length - CRC, out.array(), at, dataLength);
        }
        crc.reset();
        crc.update(out.array(), at, dataLength);
        int c = (int) crc.getValue();
        int masked = ((c >>> 15) | (c << 17)) + 0xa282ead8;
        int expected = (chunk[0] & 0xff) | (chunk[1] & 0xff) << 8 | (chunk[2] & 0xff) << 16 | (chunk[3] & 0xff) << 24;
        if (masked != expected) {
            throw new ZipException("snappy chunk checksum mismatch");
        }
        out.writerIndex(out.writerIndex() + dataLength);
        return true;
    }

    private static long declared(byte[] block, int offset, int length) throws ZipException {
        long declared = SnappyBlock.declaredLength(block, offset, length);
        if (declared < 0) {
            throw new ZipException("snappy chunk is too short");
        }
        return declared;
    }

    @Override
    public long decodedBytes() {
        return out.capacity() + chunk.length;
    }

    @Override
    public ByteBuf finish() throws ZipException {
        if (!identified || headerRead != 0) {
            throw new ZipException("snappy framed body is truncated");
        }
        return out.retain();
    }

    @Override
    public void close() {
        out.release();
    }
}
