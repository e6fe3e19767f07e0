package io.spanvault.bench.loadgen;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads HTTP/1.1 responses off one keep-alive connection into buffers it reuses: the status, the body (by
 * {@code Content-Length}, chunked, or up to the end of the stream) and whether the connection stays open.
 * Parses bytes in place, so reading an answer allocates nothing once the buffers have grown to fit.
 */
final class HttpResponseReader {
    private static final byte[] CONTENT_LENGTH = ascii("content-length");
    private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] CHUNKED = ascii("chunked");
    private static final byte[] CLOSE = ascii("close");
    private static final byte[] HTTP_1_1 = ascii("HTTP/1.1 ");
    private static final int MAX_LINE = 64 << 10;

    private final InputStream in;
    private byte[] buffer = new byte[8 << 10];
    /** Bytes read and not yet parsed: {@code [start, end)}. */
    private int start;
    private int end;
    private byte[] body = new byte[1 << 10];
    private int bodyLength;
    private int status;
    private boolean keepAlive;

    HttpResponseReader(InputStream in) {
        this.in = in;
    }

    /** Reads the next response whole. */
    void read() throws IOException {
        bodyLength = 0;
        int length = nextLine();
        if (length < HTTP_1_1.length + 3 || !Arrays.equals(buffer, start, start + HTTP_1_1.length, HTTP_1_1, 0,
                HTTP_1_1.length)) {
            throw new IOException("not an HTTP/1.1 status line: "
                    + new String(buffer, start, length, StandardCharsets.ISO_8859_1));
        }
        status = digits(start + HTTP_1_1.length, 3);
        consume(length);
        keepAlive = true;
        long contentLength = -1;
        boolean chunked = false;
        for (length = nextLine(); length > 0; length = nextLine()) {
            int colon = indexOf(start, start + length, (byte) ':');
            if (colon > 0) {
                int valueStart = skipSpaces(colon + 1, start + length);
                int valueEnd = start + length;
                if (nameIs(colon, CONTENT_LENGTH)) {
                    contentLength = digits(valueStart, valueEnd - valueStart);
                } else if (nameIs(colon, TRANSFER_ENCODING)) {
                    chunked = containsIgnoringCase(valueStart, valueEnd, CHUNKED);
                } else if (nameIs(colon, CONNECTION)) {
                    keepAlive = !containsIgnoringCase(valueStart, valueEnd, CLOSE);
                }
            }
            consume(length);
        }
        consume(0);
        if (status == 204 || status == 304 || status / 100 == 1) {
            return;
        }
        if (chunked) {
            readChunks();
        } else if (contentLength >= 0) {
            readBody(contentLength);
        } else {
            readToEnd();
        }
    }

    int status() {
        return status;
    }

    boolean keepAlive() {
        return keepAlive;
    }

    /** The body is {@code body()[0, bodyLength())}, valid until the next {@link #read}. */
    byte[] body() {
        return body;
    }

    int bodyLength() {
        return bodyLength;
    }

    private void readChunks() throws IOException {
        while (true) {
            int length = nextLine();
            int sizeEnd = indexOf(start, start + length, (byte) ';');
            long size = hex(start, (sizeEnd < 0 ? start + length : sizeEnd));
            consume(length);
            if (size == 0) {
                for (length = nextLine(); length > 0; length = nextLine()) {
                    consume(length);
                }
                consume(0);
                return;
            }
            readBody(size);
            if (nextLine() != 0) {
                throw new IOException("chunk not followed by CRLF");
            }
            consume(0);
        }
    }

    private void readBody(long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8 - bodyLength) {
            throw new IOException("response body too large: " + length);
        }
        int remaining = (int) length;
        ensureBody(bodyLength + remaining);
        int buffered = Math.min(remaining, end - start);
        System.arraycopy(buffer, start, body, bodyLength, buffered);
        start += buffered;
        bodyLength += buffered;
        remaining -= buffered;
        while (remaining > 0) {
            int n = in.read(body, bodyLength, remaining);
            if (n < 0) {
                throw new EOFException("connection closed in the middle of a response body");
            }
            bodyLength += n;
            remaining -= n;
        }
    }

    private void readToEnd() throws IOException {
        keepAlive = false;
        readBody(end - start);
        while (true) {
            ensureBody(bodyLength + 4096);
            int n = in.read(body, bodyLength, body.length - bodyLength);
            if (n < 0) {
                return;
            }
            bodyLength += n;
        }
    }

    private void ensureBody(int size) {
        if (size > body.length) {
            body = Arrays.copyOf(body, Math.max(size, body.length * 2));
        }
    }

    /** The length of the line starting at {@code start}, its CRLF read but not consumed. */
    private int nextLine() throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = start + scanned; i + 1 < end; i++) {
                if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
                    return i - start;
                }
            }
            scanned = Math.max(0, end - start - 1);
            if (scanned > MAX_LINE) {
                throw new IOException("response line longer than " + MAX_LINE + " bytes");
            }
            fill();
        }
    }

    private void consume(int lineLength) {
        start += lineLength + 2;
    }

    /** Reads more, moving what is unparsed to the front (or growing the buffer) when it is full. */
    private void fill() throws IOException {
        if (end == buffer.length) {
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            } else {
                buffer = Arrays.copyOf(buffer, buffer.length * 2);
            }
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            throw new EOFException("connection closed before a whole response");
        }
        end += n;
    }

    private boolean nameIs(int colon, byte[] name) {
        int nameEnd = colon;
        while (nameEnd > start && buffer[nameEnd - 1] == ' ') {
            nameEnd--;
        }
        return nameEnd - start == name.length && regionMatchesIgnoringCase(start, name);
    }

    private boolean containsIgnoringCase(int from, int to, byte[] word) {
        for (int i = from; i + word.length <= to; i++) {
            if (regionMatchesIgnoringCase(i, word)) {
                return true;
            }
        }
        return false;
    }

    private boolean regionMatchesIgnoringCase(int at, byte[] lowerCase) {
        for (int i = 0; i < lowerCase.length; i++) {
            int b = buffer[at + i];
            if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lowerCase[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private int skipSpaces(int from, int to) {
        int at = from;
        while (at < to && (buffer[at] == ' ' || buffer[at] == '\t')) {
            at++;
        }
        return at;
    }

    private int digits(int from, int count) throws IOException {
        int to = from + count;
        while (to > from && (buffer[to - 1] == ' ' || buffer[to - 1] == '\t')) {
            to--;
        }
        if (to == from || to - from > 9) {
            throw new IOException("bad number in response: "
                    + new String(buffer, from, count, StandardCharsets.ISO_8859_1));
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IOException("bad number in response: "
                        + new String(buffer, from, count, StandardCharsets.ISO_8859_1));
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private long hex(int from, int to) throws IOException {
        int last = to;
        while (last > from && (buffer[last - 1] == ' ' || buffer[last - 1] == '\t')) {
            last--;
        }
        if (last == from || last - from > 15) {
            throw new IOException("bad chunk size in response");
        }
        long value = 0;
        for (int i = from; i < last; i++) {
            int digit = Character.digit(buffer[i], 16);
            if (digit < 0) {
                throw new IOException("bad chunk size in response");
            }
            value = value * 16 + digit;
        }
        return value;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
