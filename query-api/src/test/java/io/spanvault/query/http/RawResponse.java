package io.spanvault.query.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A response to a request sent over a plain socket, so a test can send request targets that {@code java.net}
 * clients refuse to build (malformed escapes).
 */
public record RawResponse(int status, String body) {

    public static RawResponse get(int port, String target) throws IOException {
        return get(port, target, "127.0.0.1");
    }

    public static RawResponse get(int port, String target, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            int bodyAt = response.indexOf("\r\n\r\n");
            return new RawResponse(status, bodyAt < 0 ? "" : response.substring(bodyAt + 4));
        }
    }
}
