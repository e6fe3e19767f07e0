package io.spanvault.pipeline.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 response read off a raw socket, for tests that write requests byte by byte.
 *
 * @param head    the status line and headers as sent, up to the blank line
 * @param headers header values by lower-case name
 */
public record RawHttpResponse(String head, int status, Map<String, String> headers, byte[] body) {
    /** Reads one response with a Content-Length body, byte by byte so the next response stays in the stream. */
    public static RawHttpResponse read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        String[] lines = head.toString().split("\r\n");
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new RawHttpResponse(head.toString(), Integer.parseInt(lines[0].split(" ")[1]), Map.copyOf(headers),
                body);
    }

    public String header(String name) {
        return headers.get(name);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
