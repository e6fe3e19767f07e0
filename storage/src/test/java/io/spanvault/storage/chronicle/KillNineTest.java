package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.conformance.SpanFixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged spans survive {@code kill -9} of the writing process. */
class KillNineTest {
    private static final int ACKS_BEFORE_KILL = 200;

    @Test
    void everyAcknowledgedSpanSurvivesKillNine(@TempDir Path dataDir) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the same JVM flags as this test JVM: Chronicle Map's --add-opens and friends
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                dataDir.toString()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long acknowledged = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged < ACKS_BEFORE_KILL && (line = out.readLine()) != null) {
                acknowledged = Long.parseLong(line.trim());
            }
            // SIGKILL while the child keeps writing; acks printed after this line are not counted
            child.destroyForcibly();
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child process did not die");
        }
        assertTrue(acknowledged >= ACKS_BEFORE_KILL, "the child acknowledged only " + acknowledged + " batches");

        try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir))) {
            Set<Long> sharedSpanIds = spanIds(store.getTrace(SpanFixtures.traceId(0), null, null).orElseThrow());
            for (long batch = 1; batch <= acknowledged; batch++) {
                Set<Long> own = spanIds(store.getTrace(SpanFixtures.traceId(batch), null, null).orElseThrow(
                        () -> new AssertionError("an acknowledged batch is lost")));
                for (int i = 0; i < CrashingWriter.SPANS_PER_BATCH; i++) {
                    long id = batch * 1000 + i;
                    assertTrue((i % 2 == 0 ? own : sharedSpanIds).contains(id), "span " + id + " is lost");
                }
                assertEquals(CrashingWriter.SPANS_PER_BATCH / 2, own.size());
            }
            store.write(SpanFixtures.request("after", SpanFixtures.span(SpanFixtures.traceId(0), 1, "after",
                    java.time.Instant.now(), java.time.Duration.ofMillis(1))));
            assertTrue(store.getServices().contains("after"), "the recovered store takes writes");
            Set<Long> shared = spanIds(store.getTrace(SpanFixtures.traceId(0), null, null).orElseThrow());
            assertTrue(shared.contains(1L) && shared.containsAll(sharedSpanIds),
                    "the write after recovery goes past the last span written before the kill");
        }
    }

    private static Set<Long> spanIds(TracesData trace) {
        Set<Long> ids = new HashSet<>();
        for (ResourceSpans rs : trace.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    ids.add(java.nio.ByteBuffer.wrap(s.getSpanId().toByteArray()).getLong());
                }
            }
        }
        return ids;
    }
}
