package io.spanvault.storage.chronicle;

import io.spanvault.storage.conformance.SpanFixtures;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link KillNineTest}: writes batches into a store forever and prints the number of
 * each batch once {@code write} has returned, i.e. once the batch is acknowledged.
 */
public final class CrashingWriter {
    static final int SPANS_PER_BATCH = 20;

    private CrashingWriter() {
    }

    public static void main(String[] args) {
        ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(Path.of(args[0])));
        Instant start = Instant.now().minusSeconds(60);
        for (long batch = 1; ; batch++) {
            Span.Builder[] spans = new Span.Builder[SPANS_PER_BATCH];
            for (int i = 0; i < spans.length; i++) {
                // each batch adds to its own trace and to one shared trace, which grows long chains
                long trace = i % 2 == 0 ? batch : 0;
                spans[i] = SpanFixtures.span(SpanFixtures.traceId(trace), batch * 1000 + i, "op-" + batch,
                        start.plusMillis(batch), Duration.ofMillis(1));
            }
            store.write(SpanFixtures.request("crash", spans));
            System.out.println(batch);
            System.out.flush();
        }
    }
}
