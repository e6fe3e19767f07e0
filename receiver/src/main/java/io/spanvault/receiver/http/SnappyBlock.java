package io.spanvault.receiver.http;

import java.io.IOException;
import java.util.zip.ZipException;
import org.xerial.snappy.Snappy;

/** Snappy's block format: a varint of the uncompressed length, then the compressed elements. */
final class SnappyBlock {
    private static final int MAX_LENGTH_BYTES = 5;

    private SnappyBlock() {
    }

    /**
     * The uncompressed length a block declares in its first bytes, -1 while too few have arrived, or a
     * {@link ZipException} when the varint is malformed.
     */
    static long declaredLength(byte[] block, int offset, int length) throws ZipException {
        long value = 0;
        for (int i = 0; i < Math.min(length, MAX_LENGTH_BYTES); i++) {
            int b = block[offset + i] & 0xff;
            value |= (long) (b & 0x7f) << (7 * i);
            if (b < 0x80) {
                return value;
            }
        }
        if (length >= MAX_LENGTH_BYTES) {
            throw new ZipException("snappy block length is not a valid varint");
        }
        return -1;
    }

    /** Uncompresses a whole block into {@code out} at {@code outOffset}, which has room for its declared length. */
    static void uncompress(byte[] block, int offset, int length, byte[] out, int outOffset, long declared)
            throws ZipException {
        try {
            if (!Snappy.isValidCompressedBuffer(block, offset, length)) {
                throw new ZipException("corrupt snappy data");
            }
            int n = Snappy.uncompress(block, offset, length, out, outOffset);
            if (n != declared) {
                throw new ZipException("snappy block decodes to " + n + " bytes, not the declared " + declared);
            }
        } catch (ZipException e) {
            throw e;
        } catch (IOException e) {
            throw new ZipException("corrupt snappy data: " + e.getMessage());
        }
    }
}
