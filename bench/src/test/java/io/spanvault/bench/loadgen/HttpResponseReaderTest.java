package io.spanvault.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {

    @Test
    void readsResponsesOneAfterAnotherOffAKeepAliveStream() throws IOException {
        HttpResponseReader reader = reader("HTTP/1.1 200 OK\r\ncontent-type: application/x-protobuf\r\n"
                + "CONTENT-LENGTH: 5\r\n\r\nhello"
                + "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n");

        reader.read();
        assertEquals(200, reader.status());
        assertEquals("hello", body(reader));
        assertTrue(reader.keepAlive());

        reader.read();
        assertEquals(503, reader.status());
        assertEquals(0, reader.bodyLength());

        reader.read();
        assertEquals(200, reader.status());
        assertEquals("abcde", body(reader));
    }

    @Test
    void aConnectionCloseOrAMissingLengthEndsTheConnection() throws IOException {
        HttpResponseReader closing = reader("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
        closing.read();
        assertFalse(closing.keepAlive());
        assertEquals("ok", body(closing));

        HttpResponseReader toEnd = reader("HTTP/1.1 400 Bad Request\r\n\r\nbad trace id");
        toEnd.read();
        assertEquals(400, toEnd.status());
        assertEquals("bad trace id", body(toEnd));
        assertFalse(toEnd.keepAlive());
    }

    @Test
    void readsAResponseThatArrivesAByteAtATimeAndOutgrowsTheBuffers() throws IOException {
        String big = "x".repeat(20_000);
        String header = "X-Long: " + "y".repeat(10_000) + "\r\n";
        HttpResponseReader reader = new HttpResponseReader(trickle(("HTTP/1.1 200 OK\r\n" + header
                + "Content-Length: " + big.length() + "\r\n\r\n" + big).getBytes(StandardCharsets.US_ASCII)));

        reader.read();

        assertEquals(200, reader.status());
        assertEquals(big, body(reader));
    }

    @Test
    void refusesWhatIsNotAWholeHttpResponse() {
        assertThrows(IOException.class, () -> reader("SSH-2.0-OpenSSH\r\n\r\n").read());
        assertThrows(EOFException.class, () -> reader("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort").read());
        assertThrows(EOFException.class, () -> reader("").read());
        assertThrows(IOException.class, () -> reader("HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n").read());
    }

    private static HttpResponseReader reader(String text) {
        return new HttpResponseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String body(HttpResponseReader reader) {
        return new String(reader.body(), 0, reader.bodyLength(), StandardCharsets.US_ASCII);
    }

    /** Hands out one byte per read, as a slow network might. */
    private static InputStream trickle(byte[] bytes) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }
}
