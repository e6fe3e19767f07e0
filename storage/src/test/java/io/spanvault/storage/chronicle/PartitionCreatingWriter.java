package io.spanvault.storage.chronicle;

import io.spanvault.storage.conformance.SpanFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The child process of {@link PartitionCreationKillNineTest}: writes each batch into an hour no batch used
 * before, so nearly all its time goes into creating partitions, and prints the batch number once
 * {@code write} returned.
 */
public final class PartitionCreatingWriter {
    static final int HOURS = 70;

    private PartitionCreatingWriter() {
    }

    public static void main(String[] args) {
        ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(Path.of(args[0])));
        Instant now = Instant.now();
        for (long batch = 1; batch <= HOURS; batch++) {
            store.write(SpanFixtures.request("creating", SpanFixtures.span(SpanFixtures.traceId(batch), batch, "op",
                    now.minus(Duration.ofHours(batch)), Duration.ofMillis(1))));
            System.out.println(batch);
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
    }
}
