package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.SpanFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code kill -9} of a process busy writing postings, every acknowledged span is found by search through
 * the terms it was written with, and the recovered store goes on posting and finding.
 */
class KillNineIndexTest {
    private static final int ACKS_BEFORE_KILL = 80;

    @Test
    void everyAcknowledgedChunkIsFoundBySearchAfterKillNine(@TempDir Path dataDir) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashingIndexWriter.class.getName(),
                dataDir.toString()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                acknowledged = Long.parseLong(line.trim());
            }
            child.destroyForcibly();
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child process did not die");
        }
        assertTrue(acknowledged >= ACKS_BEFORE_KILL, "the child acknowledged only " + acknowledged + " batches");

        try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir)
                .withWriteLanes(2))) {
            for (long batch = 1; batch <= acknowledged; batch++) {
                List<TraceId> found = store.findTraceIds(TraceQuery.builder().serviceName("crash")
                        .attributes(Map.of("batch", Long.toString(batch))).build());
                Set<TraceId> expected = new HashSet<>();
                for (int i = 0; i < CrashingIndexWriter.TRACES_PER_BATCH; i++) {
                    expected.add(SpanFixtures.traceId(batch * CrashingIndexWriter.TRACES_PER_BATCH + i));
                }
                assertEquals(expected, new HashSet<>(found), "batch " + batch + " by its tag");
                long trace = batch * CrashingIndexWriter.TRACES_PER_BATCH + batch % CrashingIndexWriter.TRACES_PER_BATCH;
                int k = (int) (batch % CrashingIndexWriter.TERMS_PER_SPAN);
                assertEquals(List.of(SpanFixtures.traceId(trace)), store.findTraceIds(TraceQuery.builder()
                        .attributes(Map.of("k" + k, trace + "-" + k)).build()), "trace " + trace + " by its own term");
            }
            store.write(SpanFixtures.request("after", SpanFixtures.span(SpanFixtures.traceId(1), 1, "after",
                    Instant.now(), Duration.ofMillis(1)).addAttributes(SpanFixtures.string("batch", "1"))));
            assertEquals(List.of(SpanFixtures.traceId(1)), store.findTraceIds(TraceQuery.builder().serviceName("after")
                    .attributes(Map.of("batch", "1")).build()), "the recovered store posts new chunks");
        }
    }
}
