package io.spanvault.bench.loadgen;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.config.Endpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One exporter's HTTP/1.1 keep-alive connection: its request (head and body) sits in one buffer, stamped in
 * place before each send and written with one call; the answer is read into reused buffers. A connection the
 * server closed, or that failed, is opened again on the next export.
 */
final class HttpConnection implements ExportConnection {
    /** Longer than any answer of a live server; a server that never answers fails the request instead of the run. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final Endpoint endpoint;
    private final SocketFactory sockets;
    private final boolean tls;
    private final EncodedRequests requests;
    private final byte[] wire;
    private final int bodyOffset;
    private final int success;
    private final boolean otlpResponse;
    private Socket socket;
    private OutputStream out;
    private HttpResponseReader response;

    HttpConnection(Endpoint endpoint, SocketFactory sockets, boolean tls, byte[] head, EncodedRequests requests,
            int success, boolean otlpResponse) {
        this.endpoint = endpoint;
        this.sockets = sockets;
        this.tls = tls;
        this.requests = requests;
        this.wire = new byte[head.length + requests.size()];
        System.arraycopy(head, 0, wire, 0, head.length);
        this.bodyOffset = head.length;
        requests.copyTo(wire, bodyOffset);
        this.success = success;
        this.otlpResponse = otlpResponse;
    }

    @Override
    public long export(long sequence) {
        requests.stamp(wire, bodyOffset, sequence);
        try {
            if (socket == null) {
                open();
            }
            out.write(wire);
            response.read();
            if (!response.keepAlive()) {
                closeSocket();
            }
        } catch (IOException e) {
            closeSocket();
            throw new OtlpSender.RefusedException(e.getClass().getSimpleName(), e);
        }
        if (response.status() != success) {
            throw new OtlpSender.RefusedException("HTTP " + response.status(), null);
        }
        if (!otlpResponse || response.bodyLength() == 0) {
            return 0;
        }
        try {
            return ExportTraceServiceResponse.parser().parseFrom(response.body(), 0, response.bodyLength())
                    .getPartialSuccess().getRejectedSpans();
        } catch (InvalidProtocolBufferException e) {
            throw new OtlpSender.RefusedException("bad response", e);
        }
    }

    private void open() throws IOException {
        Socket opened = sockets.createSocket();
        try {
            opened.setTcpNoDelay(true);
            opened.setSoTimeout(READ_TIMEOUT_MILLIS);
            if (tls) {
                SSLParameters parameters = ((SSLSocket) opened).getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                ((SSLSocket) opened).setSSLParameters(parameters);
            }
            opened.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), CONNECT_TIMEOUT_MILLIS);
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        socket = opened;
        out = opened.getOutputStream();
        response = new HttpResponseReader(opened.getInputStream());
    }

    private void closeSocket() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken; a new one is opened on the next export
            }
            socket = null;
        }
    }

    @Override
    public void close() {
        closeSocket();
    }
}
