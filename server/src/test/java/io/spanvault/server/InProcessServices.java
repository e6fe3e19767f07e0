package io.spanvault.server;

import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigSource;
import io.spanvault.pipeline.component.ComponentRegistry;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Spanvault services started in the test's JVM from YAML, stopped in reverse order; and the spans a
 * {@code file} exporter with {@code format: proto} wrote.
 */
final class InProcessServices implements AutoCloseable {
    private static final ComponentRegistry REGISTRY = ComponentRegistry.loadInstalled();
    private static final Duration STOP = Duration.ofSeconds(20);

    private final List<SpanvaultService> running = new ArrayList<>();

    SpanvaultService start(String name, String yaml) throws Exception {
        SpanvaultService service = SpanvaultService.create(new ConfigLoader(REGISTRY)
                .load(List.of(new ConfigSource(name + ".yaml", yaml))), REGISTRY);
        service.start();
        running.add(service);
        return service;
    }

    void stop(SpanvaultService service) {
        service.stop(STOP);
        running.remove(service);
    }

    @Override
    public void close() {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).stop(STOP);
        }
        running.clear();
    }

    /** The spans of the traces requests in {@code file} ({@link #requestsIn}). */
    static List<Span> spansIn(Path file) throws IOException {
        List<Span> spans = new ArrayList<>();
        for (ExportTraceServiceRequest request : requestsIn(file, ExportTraceServiceRequest.parser())) {
            request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss -> spans.addAll(
                    ss.getSpansList())));
        }
        return spans;
    }

    /** Each request as a 4-byte big-endian length and its bytes; a torn last record is ignored. */
    static <T> List<T> requestsIn(Path file, Parser<T> parser) throws IOException {
        List<T> requests = new ArrayList<>();
        if (!Files.exists(file)) {
            return requests;
        }
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            while (true) {
                byte[] body;
                try {
                    body = new byte[data.readInt()];
                    data.readFully(body);
                } catch (EOFException end) {
                    return requests;
                }
                requests.add(parser.parseFrom(body));
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
