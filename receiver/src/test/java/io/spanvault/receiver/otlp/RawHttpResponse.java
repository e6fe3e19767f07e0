package io.spanvault.receiver.otlp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/** Reads HTTP/1.1 responses off a raw socket, for tests that write requests byte by byte. */
final class RawHttpResponse {
    private RawHttpResponse() {
    }

    /** Reads one response with a Content-Length body, byte by byte so the next response stays in the stream. */
    static String read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        in.readNBytes(length);
        return head.toString();
    }
}
