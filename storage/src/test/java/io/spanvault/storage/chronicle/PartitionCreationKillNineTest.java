package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.storage.conformance.SpanFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} while partitions are being created, at a different moment each round: the store opens
 * again every time, with every acknowledged trace and no partition quarantined.
 */
class PartitionCreationKillNineTest {

    @Test
    void aKillWhilePartitionsAreCreatedNeverKeepsTheStoreFromOpening(@TempDir Path dataDir) throws Exception {
        long acknowledged = 0;
        for (int round = 0; round < 3 && acknowledged < PartitionCreatingWriter.HOURS; round++) {
            // kill after a few more batches each round: in the middle of building the next partition, mostly
            acknowledged = Math.max(acknowledged, killAfter(dataDir, 3 + 7 * round));
            try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir))) {
                assertEquals(List.of(), store.quarantinedPartitions(), "round " + round);
                for (long batch = 1; batch <= acknowledged; batch++) {
                    assertTrue(store.getTrace(SpanFixtures.traceId(batch), null, null).isPresent(),
                            "acknowledged batch " + batch + " is lost (round " + round + ")");
                }
                store.write(SpanFixtures.request("after", SpanFixtures.span(SpanFixtures.traceId(9999), 1, "op",
                        Instant.now(), Duration.ofMillis(1))));
            }
        }
    }

    /** Runs a child writing from batch 1 again, kills it after {@code acks} acknowledgements, returns them. */
    private static long killAfter(Path dataDir, int acks) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PartitionCreatingWriter.class.getName(),
                dataDir.toString()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < acks && (line = out.readLine()) != null && !line.equals("done")) {
                acknowledged = Long.parseLong(line.trim());
            }
            child.destroyForcibly();
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child process did not die");
        }
        return acknowledged;
    }
}
