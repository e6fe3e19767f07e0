package io.spanvault.receiver.http;

import java.nio.ByteBuffer;
import java.util.zip.ZipException;

/**
 * Reads a gzip member header (RFC 1952) byte by byte as it arrives, however the body is split into chunks,
 * so that the deflate data after it can be inflated while the request still streams in.
 */
final class GzipHeader {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xe0;
    private static final int FIXED_LENGTH = 10;

    private int position;
    private int flags;
    private int extraLength;
    private int extraRead;
    private int crcRead;

    /** Consumes header bytes from {@code in}; true once the header is complete (the rest of {@code in} is data). */
    boolean read(ByteBuffer in) throws ZipException {
        while (in.hasRemaining()) {
            if (position < FIXED_LENGTH) {
                fixed(in.get() & 0xff);
            } else if ((flags & FEXTRA) != 0 && extraRead < extraLength + 2) {
                int b = in.get() & 0xff;
                if (extraRead < 2) {
                    extraLength |= b << (8 * extraRead);
                }
                extraRead++;
            } else if ((flags & FNAME) != 0) {
                if (in.get() == 0) {
                    flags &= ~FNAME;
                }
            } else if ((flags & FCOMMENT) != 0) {
                if (in.get() == 0) {
                    flags &= ~FCOMMENT;
                }
            } else if ((flags & FHCRC) != 0 && crcRead < 2) {
                in.get();
                crcRead++;
            } else {
                return true;
            }
        }
        return isComplete();
    }

    private boolean isComplete() {
        return position == FIXED_LENGTH && ((flags & FEXTRA) == 0 || extraRead == extraLength + 2)
                && (flags & (FNAME | FCOMMENT)) == 0 && ((flags & FHCRC) == 0 || crcRead == 2);
    }

    private void fixed(int b) throws ZipException {
        if (position == 0 && b != 0x1f || position == 1 && b != 0x8b) {
            throw new ZipException("not in gzip format");
        }
        if (position == 2 && b != 8) {
            throw new ZipException("unsupported gzip compression method " + b);
        }
        if (position == 3) {
            if ((b & RESERVED) != 0) {
                throw new ZipException("reserved gzip flags are set");
            }
            flags = b;
        }
        position++;
    }
}
