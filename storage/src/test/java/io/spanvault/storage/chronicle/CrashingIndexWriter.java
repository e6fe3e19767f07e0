package io.spanvault.storage.chronicle;

import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.storage.conformance.SpanFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link KillNineIndexTest}: writes batches whose spans carry many terms of their own, so
 * most of a write's time goes to postings, and prints each batch's number once {@code write} has returned.
 */
public final class CrashingIndexWriter {
    static final int TRACES_PER_BATCH = 20;
    static final int TERMS_PER_SPAN = 40;

    private CrashingIndexWriter() {
    }

    public static void main(String[] args) {
        ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(Path.of(args[0]))
                .withWriteLanes(2));
        Instant start = Instant.now().minusSeconds(60);
        for (long batch = 1; ; batch++) {
            Span.Builder[] spans = new Span.Builder[TRACES_PER_BATCH];
            for (int i = 0; i < spans.length; i++) {
                long trace = batch * TRACES_PER_BATCH + i;
                spans[i] = SpanFixtures.span(SpanFixtures.traceId(trace), trace, "op", start.plusMillis(batch),
                        Duration.ofMillis(1)).addAttributes(SpanFixtures.string("batch", Long.toString(batch)));
                for (int k = 0; k < TERMS_PER_SPAN; k++) {
                    spans[i].addAttributes(SpanFixtures.string("k" + k, trace + "-" + k));
                }
            }
            store.write(SpanFixtures.request("crash", spans));
            System.out.println(batch);
            System.out.flush();
        }
    }
}
