package io.spanvault.exporter.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every request the queue acknowledged is there after the writing JVM is killed with SIGKILL. */
class PersistentQueueCrashTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "fsync={0}")
    @ValueSource(booleans = {true, false})
    void acknowledgedRequestsSurviveKillDashNine(boolean fsync) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), QueueWriterProcess.class.getName(), dir.toString(),
                Boolean.toString(fsync))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long acked = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while (acked < 300 && (line = out.readLine()) != null) {
                acked = Long.parseLong(line.substring("acked ".length()));
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(300, acked, "the child stopped before acknowledging 300 requests");

        Set<Long> found = new HashSet<>();
        try (PersistentQueue<ExportTraceServiceRequest> queue = PersistentQueue.open(dir,
                ExportTraceServiceRequest.parser(), Integer.MAX_VALUE, fsync)) {
            SendingQueue.Queued<ExportTraceServiceRequest> item;
            long expected = 1;
            while ((item = queue.poll()) != null) {
                assertEquals(TestTraces.request("crash", 2, expected), item.request(), "request " + expected);
                found.add(expected++);
                queue.complete(item);
            }
        }
        for (long seed = 1; seed <= acked; seed++) {
            assertTrue(found.contains(seed), "acknowledged request " + seed + " was lost");
        }
    }
}
