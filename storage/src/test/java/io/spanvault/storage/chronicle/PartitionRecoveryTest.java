package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torn states a crash or a damaged disk can leave, made by hand: the store still opens (quickly), serves every
 * intact partition and moves the unreadable ones to {@code quarantine/}.
 */
class PartitionRecoveryTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final Duration MS = Duration.ofMillis(1);
    /** Chronicle waits a minute for an unfinished map header; recovery must not. */
    private static final Duration OPEN_BOUND = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    private ChronicleStoreOptions options() {
        return ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW)).withWriteLanes(2);
    }

    private ChronicleTraceStore openQuickly() {
        return assertTimeoutPreemptively(OPEN_BOUND, () -> ChronicleTraceStore.open(options()));
    }

    /** Writes trace {@code h} into the partition of {@code h} hours ago, for h in 1..hours. */
    private void writeHours(int hours) {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(options())) {
            for (int h = 1; h <= hours; h++) {
                store.write(request("svc", span(traceId(h), 1, "op", NOW.minus(Duration.ofHours(h)), MS)));
            }
        }
    }

    private Path partitionOf(int hoursAgo) {
        long hour = Math.floorDiv(NOW.minus(Duration.ofHours(hoursAgo)).getEpochSecond(), 3600);
        return dataDir.resolve(new PartitionId(hour, 0).directoryName());
    }

    private static void assertServes(ChronicleTraceStore store, int... hoursAgo) {
        for (int h : hoursAgo) {
            assertTrue(store.getTrace(traceId(h), null, null).isPresent(), "trace of " + h + " hours ago is served");
        }
    }

    @Test
    void aPartitionLeftHalfBuiltInCreatingIsDeletedAndItsHourStaysWritable() throws IOException {
        writeHours(2);
        // as a crash in the middle of building the partition of 3 hours ago leaves it
        Path staging = dataDir.resolve(PartitionLayout.CREATING).resolve(partitionOf(3).getFileName());
        Files.createDirectories(staging.resolve("lane-0"));
        Files.writeString(staging.resolve(PartitionFormat.VERSION_FILE), "1");
        Files.write(staging.resolve("lane-0").resolve("heads.cm"), new byte[100]);

        try (ChronicleTraceStore store = openQuickly()) {
            assertTrue(Files.notExists(staging), "the staging directory is gone");
            assertServes(store, 1, 2);
            store.write(request("svc", span(traceId(100), 1, "op", NOW.minus(Duration.ofHours(3)), MS)));
            assertTrue(store.getTrace(traceId(100), null, null).isPresent());
            assertEquals(List.of(), store.quarantinedPartitions());
            assertTrue(Files.isDirectory(partitionOf(3)));
        }
    }

    @Test
    void aPartitionWithATornHeadsMapIsQuarantinedAndTheOthersAreServed() throws IOException {
        writeHours(3);
        Path torn = partitionOf(2);
        // a heads map whose creation never finished: Chronicle's header not marked ready
        Files.write(torn.resolve("lane-0").resolve("heads.cm"), new byte[64], StandardOpenOption.TRUNCATE_EXISTING);

        try (ChronicleTraceStore store = openQuickly()) {
            assertEquals(List.of(torn.getFileName().toString()), store.quarantinedPartitions());
            assertTrue(Files.notExists(torn));
            assertTrue(Files.isDirectory(dataDir.resolve(PartitionLayout.QUARANTINE).resolve(torn.getFileName())),
                    "moved aside, not deleted");
            assertServes(store, 1, 3);
            assertTrue(store.getTrace(traceId(2), null, null).isEmpty());
            store.write(request("svc", span(traceId(200), 1, "op", NOW.minus(Duration.ofHours(2)), MS)));
            assertTrue(store.getTrace(traceId(200), null, null).isPresent(), "its hour takes writes again");
        }
        try (ChronicleTraceStore store = openQuickly()) {
            assertEquals(List.of(), store.quarantinedPartitions(), "quarantine is not opened again");
            assertServes(store, 1, 3, 200);
        }
    }

    @Test
    void aHeadsMapWithGarbageIsQuarantined() throws IOException {
        writeHours(2);
        Path damaged = partitionOf(1);
        byte[] garbage = new byte[4096];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        try (var channel = java.nio.channels.FileChannel.open(damaged.resolve("lane-1").resolve("heads.cm"),
                StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(garbage), 0);
        }

        try (ChronicleTraceStore store = openQuickly()) {
            assertEquals(List.of(damaged.getFileName().toString()), store.quarantinedPartitions());
            assertServes(store, 2);
        }
    }

    @Test
    void aPartitionCreatedBeforeCrashSafetyWithoutItsCapacityIsQuarantined() throws IOException {
        writeHours(1);
        // the old code wrote lanes, then capacity, then the maps, all in place: a crash between them
        Path torn = partitionOf(2);
        Files.createDirectories(torn);
        Files.writeString(torn.resolve(PartitionFormat.LANES_FILE), "2");

        try (ChronicleTraceStore store = openQuickly()) {
            assertEquals(List.of(torn.getFileName().toString()), store.quarantinedPartitions());
            assertServes(store, 1);
        }
    }

    @Test
    void aPartitionOfAnUnknownFormatVersionIsQuarantinedNotMisread() throws IOException {
        writeHours(2);
        Path newer = partitionOf(2);
        Files.writeString(newer.resolve(PartitionFormat.VERSION_FILE), "99");

        try (ChronicleTraceStore store = openQuickly()) {
            assertEquals(List.of(newer.getFileName().toString()), store.quarantinedPartitions());
            assertServes(store, 1);
        }
    }

    @Test
    void aNewPartitionRecordsItsFormatVersion() throws IOException {
        writeHours(1);
        assertEquals(Integer.toString(PartitionFormat.CURRENT_VERSION),
                Files.readString(partitionOf(1).resolve(PartitionFormat.VERSION_FILE)));
        assertTrue(Files.notExists(dataDir.resolve(PartitionLayout.CREATING).resolve(partitionOf(1).getFileName())));
    }

    @Test
    void aSecondQuarantineOfTheSameNameKeepsTheFirst() throws IOException {
        writeHours(1);
        Path torn = partitionOf(1);
        Files.writeString(torn.resolve(PartitionFormat.VERSION_FILE), "99");
        openQuickly().close();
        writeHours(1);
        Files.writeString(torn.resolve(PartitionFormat.VERSION_FILE), "98");
        openQuickly().close();

        Path quarantine = dataDir.resolve(PartitionLayout.QUARANTINE);
        assertEquals("99", Files.readString(quarantine.resolve(torn.getFileName()).resolve(PartitionFormat.VERSION_FILE)));
        assertEquals("98", Files.readString(quarantine.resolve(torn.getFileName() + ".1")
                .resolve(PartitionFormat.VERSION_FILE)));
    }
}
