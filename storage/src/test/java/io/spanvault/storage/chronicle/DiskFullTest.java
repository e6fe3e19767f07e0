package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.storage.StorageException;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: the store on a size-limited tmpfs, filled so that space runs out at every stage of
 * creating a partition (and of appending to one). Each write either succeeds or fails with a (retryable)
 * {@link StorageException}, never hangs; once space is back, writes succeed, and after a restart every
 * acknowledged trace is there and no partition is quarantined. Needs root (mount); skips otherwise.
 */
class DiskFullTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final Duration MS = Duration.ofMillis(1);
    /** A write on a full disk fails at once; the bug this guards against stalled a minute. */
    private static final Duration WRITE_BOUND = Duration.ofSeconds(30);
    private static final int STEPS = 12;

    @TempDir
    Path temp;
    private Path mount;
    private Path dataDir;
    private Path filler;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = temp.resolve("disk");
        Files.createDirectories(mount);
        int status = run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString());
        Assumptions.assumeTrue(status == 0, "skipped: cannot mount a size-limited tmpfs here (needs root)");
        dataDir = mount.resolve("data");
        filler = mount.resolve("filler");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    private static int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private ChronicleTraceStore open() {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withWriteLanes(2), 1024);
    }

    /** Fills the disk, then gives back {@code free} bytes. */
    private void leaveFree(long free) throws IOException {
        try (FileChannel channel = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer block = ByteBuffer.allocate(64 * 1024);
            try {
                while (true) {
                    block.clear();
                    channel.write(block, channel.size());
                }
            } catch (IOException full) {
                // the disk is full
            }
            channel.truncate(Math.max(0, channel.size() - free));
        }
    }

    private void freeSpace() throws IOException {
        Files.deleteIfExists(filler);
    }

    private static long bytesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Writes trace {@code id} at {@code start}; true when acknowledged, false on a storage error. */
    private static boolean tryWrite(ChronicleTraceStore store, long id, Instant start) {
        return assertTimeoutPreemptively(WRITE_BOUND, () -> {
            try {
                store.write(request("svc", span(traceId(id), 1, "op", start, MS)));
                return true;
            } catch (StorageException e) {
                return false;
            }
        });
    }

    @Test
    void aDiskFullAtAnyMomentOfPartitionCreationFailsWritesRetryablyAndRecoversFully() throws Exception {
        List<Long> acknowledged = new ArrayList<>();
        int failures = 0;
        try (ChronicleTraceStore store = open()) {
            assertTrue(tryWrite(store, 1, NOW.minus(Duration.ofHours(1))));
            acknowledged.add(1L);
            long partitionBytes = bytesUnder(dataDir.resolve(
                    new PartitionId(Math.floorDiv(NOW.minus(Duration.ofHours(1)).getEpochSecond(), 3600), 0)
                            .directoryName()));
            for (int step = 0; step <= STEPS; step++) {
                long id = 100 + step;
                Instant hour = NOW.minus(Duration.ofHours(2 + step));
                leaveFree(partitionBytes * step / STEPS);
                if (tryWrite(store, id, hour)) {
                    acknowledged.add(id);
                } else {
                    failures++;
                }
                // appending to an existing partition on the full disk
                if (tryWrite(store, 1000 + step, NOW.minus(Duration.ofHours(1)))) {
                    acknowledged.add(1000L + step);
                } else {
                    failures++;
                }
                freeSpace();
                if (!acknowledged.contains(id)) {
                    assertTrue(tryWrite(store, id, hour), "the hour takes writes once space is back (step " + step + ")");
                    acknowledged.add(id);
                }
                assertTrue(tryWrite(store, 2000 + step, NOW.minus(Duration.ofHours(1))));
                acknowledged.add(2000L + step);
                for (long a : acknowledged) {
                    assertTrue(store.getTrace(traceId(a), null, null).isPresent(), "trace " + a + " (step " + step + ")");
                }
            }
        }
        assertTrue(failures > 0, "the disk never filled up: the test proves nothing");
        try (Stream<Path> staging = Files.list(dataDir.resolve(PartitionLayout.CREATING))) {
            assertEquals(0, staging.count(), "no half-built partition is left behind");
        }
        try (ChronicleTraceStore store = open()) {
            assertEquals(List.of(), store.quarantinedPartitions());
            for (long a : acknowledged) {
                assertTrue(store.getTrace(traceId(a), null, null).isPresent(), "trace " + a + " after restart");
            }
            assertTrue(tryWrite(store, 9999, NOW));
        }
    }
}
