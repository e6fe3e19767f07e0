package io.spanvault.exporter.sending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.testkit.TestTraces;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentQueueTest {
    @TempDir
    Path dir;

    private PersistentQueue<ExportTraceServiceRequest> open(int capacity, long segmentBytes) throws IOException {
        return PersistentQueue.open(dir, ExportTraceServiceRequest.parser(), capacity, false, segmentBytes);
    }

    private PersistentQueue<ExportTraceServiceRequest> open() throws IOException {
        return open(100, PersistentQueue.DEFAULT_SEGMENT_BYTES);
    }

    private static ExportTraceServiceRequest request(long seed) {
        return TestTraces.request("svc", 2, seed);
    }

    @Test
    void handsOutRequestsInOrderAndSurvivesReopen() throws IOException {
        try (PersistentQueue<ExportTraceServiceRequest> q = open()) {
            for (int i = 1; i <= 3; i++) {
                assertTrue(q.offer(request(i)));
            }
            assertEquals(request(1), q.poll().request());
            assertEquals(3, q.size());
        }
        try (PersistentQueue<ExportTraceServiceRequest> q = open()) {
            assertEquals(3, q.size());
            List<ExportTraceServiceRequest> all = drain(q);
            assertEquals(List.of(request(1), request(2), request(3)), all);
            assertEquals(0, q.size());
        }
        try (PersistentQueue<ExportTraceServiceRequest> q = open()) {
            assertEquals(0, q.size());
            assertNull(q.poll());
        }
    }

    @Test
    void requestCompletedOutOfOrderIsKeptUntilEverythingBeforeItCompletes() throws IOException {
        try (PersistentQueue<ExportTraceServiceRequest> q = open()) {
            q.offer(request(1));
            q.offer(request(2));
            SendingQueue.Queued<ExportTraceServiceRequest> first = q.poll();
            SendingQueue.Queued<ExportTraceServiceRequest> second = q.poll();
            q.complete(second);
            assertEquals(1, q.size());
            assertEquals(request(1), first.request());
        }
        try (PersistentQueue<ExportTraceServiceRequest> q = open()) {
            assertEquals(List.of(request(1), request(2)), drain(q), "at-least-once: the second is sent again");
        }
    }

    @Test
    void refusesWhenFull() throws IOException {
        try (PersistentQueue<ExportTraceServiceRequest> q = open(2, PersistentQueue.DEFAULT_SEGMENT_BYTES)) {
            assertTrue(q.offer(request(1)));
            assertTrue(q.offer(request(2)));
            assertFalse(q.offer(request(3)));
            q.complete(q.poll());
            assertTrue(q.offer(request(3)));
        }
    }

    @Test
    void rollsSegmentsAndDeletesThoseFullySent() throws IOException {
        try (PersistentQueue<ExportTraceServiceRequest> q = open(100, 600)) {
            for (int i = 1; i <= 10; i++) {
                q.offer(request(i));
            }
            assertTrue(segments().size() > 2, "expected several segments, got " + segments());
            for (int i = 1; i <= 9; i++) {
                q.complete(q.poll());
            }
            assertEquals(1, segments().size(), "only the segment holding the last request remains");
        }
        try (PersistentQueue<ExportTraceServiceRequest> q = open(100, 600)) {
            assertEquals(List.of(request(10)), drain(q));
            q.offer(request(11));
            assertEquals(request(11), q.poll().request());
        }
    }

    @Test
    void cutsOffATornRecordLeftByACrash() throws IOException {
        try (PersistentQueue<ExportTraceServiceRequest> q = open()) {
            q.offer(request(1));
            q.offer(request(2));
        }
        Path segment = segments().get(0);
        long size = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(size - 5);
        }
        try (PersistentQueue<ExportTraceServiceRequest> q = open()) {
            assertEquals(1, q.size());
            assertEquals(List.of(request(1)), drain(q));
            q.offer(request(3));
        }
        try (PersistentQueue<ExportTraceServiceRequest> q = open()) {
            assertEquals(List.of(request(3)), drain(q));
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() throws IOException {
        try (PersistentQueue<ExportTraceServiceRequest> first = open()) {
            IOException e = assertThrows(IOException.class, this::open);
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(first.offer(request(1)), "the first opener keeps working");
        }
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    private static List<ExportTraceServiceRequest> drain(PersistentQueue<ExportTraceServiceRequest> q)
            throws IOException {
        List<ExportTraceServiceRequest> out = new ArrayList<>();
        SendingQueue.Queued<ExportTraceServiceRequest> item;
        while ((item = q.poll()) != null) {
            out.add(item.request());
            q.complete(item);
        }
        return out;
    }

    @Test
    void requestsOfferedDuringAnFsyncShareTheNextAndEachIsAcknowledgedOnlyAfterAnFsyncCoveringIt()
            throws Exception {
        List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.CountDownLatch releaseFirst = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.Semaphore firstSyncStarted = new java.util.concurrent.Semaphore(0);
        PersistentQueue.Syncer heldFirst = channel -> {
            int n = syncs.incrementAndGet();
            events.add("fsync " + n + " of " + channel.size() + " bytes");
            if (n == 1) {
                firstSyncStarted.release();
                try {
                    releaseFirst.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            channel.force(false);
            events.add("fsynced " + n);
        };
        try (PersistentQueue<ExportTraceServiceRequest> q = PersistentQueue.open(dir,
                ExportTraceServiceRequest.parser(), 100, true, PersistentQueue.DEFAULT_SEGMENT_BYTES, heldFirst)) {
            // every offer runs on this one thread: waiting for the disk holds no thread
            List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
            acks.add(offerRecorded(q, 1, events));
            assertTrue(firstSyncStarted.tryAcquire(10, java.util.concurrent.TimeUnit.SECONDS));
            for (int i = 2; i <= 5; i++) {
                acks.add(offerRecorded(q, i, events));
            }
            assertEquals(5, q.size(), "the four others appended their records while the first fsync ran");
            assertEquals(1, syncs.get());
            assertFalse(acks.stream().anyMatch(java.util.concurrent.CompletableFuture::isDone),
                    "no request is acknowledged before an fsync covering it completed: " + events);

            releaseFirst.countDown();
            java.util.concurrent.CompletableFuture.allOf(acks.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);

            assertEquals(2, syncs.get(), "five requests, two fsyncs: " + events);
            int secondSynced = events.indexOf("fsynced 2");
            for (int i = 2; i <= 5; i++) {
                assertTrue(events.indexOf("acknowledged " + i) > secondSynced, events.toString());
            }
            assertTrue(events.indexOf("acknowledged 1") > events.indexOf("fsynced 1"), events.toString());
            assertTrue(q.durable().toCompletableFuture().isDone(), "nothing appended since: nothing to wait for");
        }
    }

    @Test
    void aFailedFsyncFailsTheRequestsItCoveredAndTheNextOneCoversThemAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger syncs = new java.util.concurrent.atomic.AtomicInteger();
        PersistentQueue.Syncer failingFirst = channel -> {
            if (syncs.incrementAndGet() == 1) {
                throw new IOException("disk on fire");
            }
            channel.force(false);
        };
        try (PersistentQueue<ExportTraceServiceRequest> q = PersistentQueue.open(dir,
                ExportTraceServiceRequest.parser(), 100, true, PersistentQueue.DEFAULT_SEGMENT_BYTES, failingFirst)) {
            assertTrue(q.offer(request(1)));
            var failed = q.durable().toCompletableFuture();
            var error = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> failed.get(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("disk on fire", error.getCause().getMessage());

            assertTrue(q.offer(request(2)));
            q.durable().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(2, syncs.get());
        }
    }

    @Test
    void withoutFsyncARequestIsAcknowledgedOnceAppended() throws IOException {
        try (PersistentQueue<ExportTraceServiceRequest> q = PersistentQueue.open(dir,
                ExportTraceServiceRequest.parser(), 100, false, PersistentQueue.DEFAULT_SEGMENT_BYTES,
                channel -> {
                    throw new AssertionError("no fsync without fsync: true");
                })) {
            assertTrue(q.offer(request(1)));
            assertTrue(q.durable().toCompletableFuture().isDone());
        }
    }

    private static java.util.concurrent.CompletableFuture<Void> offerRecorded(
            PersistentQueue<ExportTraceServiceRequest> q, long seed, List<String> events) throws IOException {
        assertTrue(q.offer(request(seed)));
        return q.durable().toCompletableFuture().thenRun(() -> events.add("acknowledged " + seed));
    }
}
