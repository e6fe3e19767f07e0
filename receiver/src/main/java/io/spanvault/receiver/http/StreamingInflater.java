package io.spanvault.receiver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates a gzip or deflate request body chunk by chunk as it arrives, straight into one buffer that never
 * grows past the limit: a body that expands beyond it (a "zip bomb") is refused as soon as it does, with at
 * most the limit held in memory. Compressed chunks are read in place (no copy) and can be released at once.
 */
final class StreamingInflater implements BodyDecoder {
    private static final int STEP = 64 * 1024;

    private enum State { DETECT, HEADER, DATA, TRAILER, DONE }

    private final boolean gzip;
    private final int limit;
    private final ByteBuf out;
    private final CRC32 crc = new CRC32();
    /** The zlib header while deciding between zlib and raw deflate, or a gzip trailer, as it arrives. */
    private final byte[] pending = new byte[8];
    private final byte[] probe = new byte[1];
    private int pendingLength;
    private GzipHeader header;
    private Inflater inflater;
    private State state;

    StreamingInflater(ByteBufAllocator alloc, boolean gzip, int limit) {
        this.gzip = gzip;
        this.limit = limit;
        this.out = alloc.heapBuffer(Math.min(limit, STEP), limit);
        this.header = gzip ? new GzipHeader() : null;
        this.state = gzip ? State.HEADER : State.DETECT;
    }

    @Override
    public boolean add(ByteBuf chunk) throws ZipException {
        for (ByteBuffer in : chunk.nioBuffers()) {
            if (!add(in)) {
                return false;
            }
        }
        return true;
    }

    private boolean add(ByteBuffer in) throws ZipException {
        while (in.hasRemaining()) {
            switch (state) {
                case DETECT -> detectZlib(in.get());
                case HEADER -> {
                    if (header.read(in)) {
                        startMember();
                    }
                }
                case DATA -> {
                    if (!inflate(in)) {
                        return false;
                    }
                }
                case TRAILER -> readTrailer(in.get());
                case DONE -> {
                    if (!gzip) {
                        return true; // bytes after a deflate stream carry no data
                    }
                    // concatenated gzip: another member follows
                    header = new GzipHeader();
                    state = State.HEADER;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return true;
    }

    @Override
    public long decodedBytes() {
        return out.capacity();
    }

    @Override
    public ByteBuf finish() throws ZipException {
        if (state != State.DONE) {
            throw new ZipException("compressed body is truncated");
        }
        return out.retain();
    }

    /** HTTP's deflate is zlib-wrapped, but some clients send raw deflate; the zlib header tells them apart. */
    private void detectZlib(byte b) {
        pending[pendingLength++] = b;
        if (pendingLength < 2) {
            return;
        }
        int cmf = pending[0] & 0xff;
        int flg = pending[1] & 0xff;
        boolean zlib = (cmf & 0x0f) == 8 && (cmf * 256 + flg) % 31 == 0;
        inflater = new Inflater(!zlib);
        inflater.setInput(pending, 0, 2);
        pendingLength = 0;
        state = State.DATA;
    }

    private void startMember() {
        if (inflater == null) {
            inflater = new Inflater(true);
        } else {
            inflater.reset();
        }
        crc.reset();
        state = State.DATA;
    }

    private boolean inflate(ByteBuffer in) throws ZipException {
        if (inflater.needsInput()) {
            inflater.setInput(in);
        }
        try {
            while (!inflater.finished() && !inflater.needsInput()) {
                if (inflater.needsDictionary()) {
                    throw new ZipException("deflate stream needs a preset dictionary");
                }
                if (out.writerIndex() == limit) {
                    if (inflater.inflate(probe) > 0) {
                        return false;
                    }
                    continue;
                }
                out.ensureWritable(Math.min(STEP, limit - out.writerIndex()));
                int offset = out.arrayOffset() + out.writerIndex();
                int n = inflater.inflate(out.array(), offset, out.writableBytes());
                crc.update(out.array(), offset, n);
                out.writerIndex(out.writerIndex() + n);
            }
        } catch (DataFormatException e) {
            throw new ZipException("corrupt compressed data: " + e.getMessage());
        }
        if (inflater.finished()) {
            state = gzip ? State.TRAILER : State.DONE;
        }
        return true;
    }

    /** The member's CRC-32 and size; checking the CRC catches corruption that still inflates. */
    private void readTrailer(byte b) throws ZipException {
        pending[pendingLength++] = b;
        if (pendingLength < 8) {
            return;
        }
        pendingLength = 0;
        int expected = (pending[0] & 0xff) | (pending[1] & 0xff) << 8 | (pending[2] & 0xff) << 16
                | (pending[3] & 0xff) << 24;
        if ((int) crc.getValue() != expected) {
            throw new ZipException("gzip checksum mismatch");
        }
        state = State.DONE;
    }

    @Override
    public void close() {
        out.release();
        if (inflater != null) {
            inflater.end();
        }
    }
}
