package io.spanvault.bench.cassandra;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The traces of every acknowledged request. A request stamped with sequence {@code s} holds
 * {@code tracesPerRequest} traces whose ids are {@code s} then the trace's index from 1 (see
 * {@link io.spanvault.bench.loadgen.RequestTemplate}), each of {@code spansPerTrace} spans.
 */
final class AcknowledgedTraces {
    private final ConcurrentLinkedQueue<Long> sequences = new ConcurrentLinkedQueue<>();
    private final int tracesPerRequest;
    private final int spansPerTrace;

    AcknowledgedTraces(int tracesPerRequest, int spansPerTrace) {
        this.tracesPerRequest = tracesPerRequest;
        this.spansPerTrace = spansPerTrace;
    }

    void add(long sequence) {
        sequences.add(sequence);
    }

    int spansPerTrace() {
        return spansPerTrace;
    }

    /** Every acknowledged trace id, 32 lowercase hex digits as the Jaeger API writes them. */
    List<String> traceIds() {
        List<String> ids = new ArrayList<>(sequences.size() * tracesPerRequest);
        for (long sequence : sequences) {
            for (int trace = 1; trace <= tracesPerRequest; trace++) {
                ids.add(String.format("%016x%016x", sequence, trace));
            }
        }
        return ids;
    }

    /** One line per acknowledged trace: its id and how many spans it holds. */
    void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            for (String id : traceIds()) {
                out.write(id + " " + spansPerTrace + "\n");
            }
        }
    }
}
