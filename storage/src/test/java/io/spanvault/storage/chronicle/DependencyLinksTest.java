package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.spanId;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.conformance.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service map counted as spans are written: each call once, whichever side of it arrives first. */
class DependencyLinksTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path dataDir;

    private ChronicleTraceStore open() {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withRetention(Duration.ofDays(8)).withWriteLanes(2));
    }

    private static Instant minutesAgo(long m) {
        return NOW.minus(Duration.ofMinutes(m));
    }

    @Test
    void aLateParentAndALateChildEachCountOnce() {
        try (ChronicleTraceStore store = open()) {
            // trace 1: the children first, their parent in a later write
            store.write(request("backend", span(traceId(1), 2, "q", minutesAgo(5), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1)), span(traceId(1), 3, "q", minutesAgo(5), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1)).setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))));
            store.write(request("frontend", span(traceId(1), 1, "GET", minutesAgo(5), Duration.ofMillis(9))));
            // trace 2: the parent first, its child later
            store.write(request("frontend", span(traceId(2), 1, "GET", minutesAgo(4), Duration.ofMillis(9))));
            store.write(request("backend", span(traceId(2), 2, "q", minutesAgo(4), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));
            // more writes to both traces must not count those calls again
            store.write(request("db", span(traceId(1), 4, "select", minutesAgo(3), Duration.ofMillis(1))
                    .setParentSpanId(spanId(2))));
            store.write(request("frontend", span(traceId(2), 5, "render", minutesAgo(3), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));

            assertEquals(List.of(new DependencyLink("backend", "db", 1, 0), new DependencyLink("frontend", "backend", 3, 1)),
                    store.getDependencies(NOW, WEEK));
        }
    }

    @Test
    void callsAcrossAnHourCountOnceWhicheverSideArrivesFirst() {
        // NOW is 12:30: a parent at 11:59:59.990 and children starting at 12:00:00.001
        Instant parentStart = NOW.minus(Duration.ofMinutes(30)).minusMillis(10);
        Instant childStart = NOW.minus(Duration.ofMinutes(30)).plusMillis(1);
        try (ChronicleTraceStore store = open()) {
            // trace 1: the child first, in the newer hour, its parent later, in the hour before
            store.write(request("backend", span(traceId(1), 2, "q", childStart, Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));
            store.write(request("frontend", span(traceId(1), 1, "GET", parentStart, Duration.ofMillis(20))));
            // trace 2: the parent first, then its child, which fails
            store.write(request("frontend", span(traceId(2), 1, "GET", parentStart, Duration.ofMillis(20))));
            store.write(request("backend", span(traceId(2), 2, "q", childStart, Duration.ofMillis(1))
                    .setParentSpanId(spanId(1)).setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))));
            // trace 3: both in one write, cut into a chunk per hour
            store.write(request("frontend", span(traceId(3), 1, "GET", parentStart, Duration.ofMillis(20)),
                    span(traceId(3), 2, "render", childStart, Duration.ofMillis(1)).setParentSpanId(spanId(1))));
            store.write(request("backend", span(traceId(3), 3, "q", childStart, Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));
            // later spans of those traces, on both sides of the hour, must not count the calls again
            store.write(request("db", span(traceId(1), 4, "select", childStart, Duration.ofMillis(1))
                    .setParentSpanId(spanId(2))));
            store.write(request("frontend", span(traceId(2), 5, "render", parentStart, Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));
            assertEquals(2, store.partitionCount());

            assertEquals(List.of(new DependencyLink("backend", "db", 1, 0), new DependencyLink("frontend", "backend", 3, 1)),
                    store.getDependencies(NOW, WEEK));
        }
    }

    @Test
    void callsAcrossGenerationsOfAnHourCountOnce() {
        try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir)
                .withClock(new TestClock(NOW)).withWriteLanes(1), 16)) {
            store.write(request("backend", span(traceId(1), 2, "q", minutesAgo(5), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));
            // sixteen more traces fill the generation: the parent goes to the next one
            io.opentelemetry.proto.trace.v1.Span.Builder[] filler = new io.opentelemetry.proto.trace.v1.Span.Builder[16];
            for (int i = 0; i < filler.length; i++) {
                filler[i] = span(traceId(100 + i), 1, "GET", minutesAgo(5), Duration.ofMillis(1));
            }
            store.write(request("other", filler));
            store.write(request("frontend", span(traceId(1), 1, "GET", minutesAgo(5), Duration.ofMillis(9))));
            assertEquals(2, store.partitionCount());

            assertEquals(List.of(new DependencyLink("frontend", "backend", 1, 0)), store.getDependencies(NOW, WEEK));
        }
    }

    @Test
    void aWindowStartingAfterEverySpanOfAPartitionLeavesItsCallsOut() {
        try (ChronicleTraceStore store = open()) {
            // 11:05, while the window of an hour before NOW (12:30) starts at 11:30, inside that hour
            store.write(request("frontend", span(traceId(1), 1, "GET", minutesAgo(85), Duration.ofMillis(9))));
            store.write(request("backend", span(traceId(1), 2, "q", minutesAgo(85), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));

            assertEquals(List.of(), store.getDependencies(NOW, Duration.ofHours(1)));
            assertEquals(List.of(new DependencyLink("frontend", "backend", 1, 0)),
                    store.getDependencies(NOW, Duration.ofMinutes(90)));
            assertEquals(List.of(), store.getDependencies(minutesAgo(90), Duration.ofMinutes(10)),
                    "a window ending before the partition's first span");
        }
    }

    @Test
    void aWindowIsAnsweredToTheMinuteInsideAPartitionAndAfterARestart() {
        try (ChronicleTraceStore store = open()) {
            // 12:05 and 12:15 (NOW is 12:30), one partition
            store.write(request("frontend", span(traceId(1), 1, "GET", minutesAgo(25), Duration.ofMillis(9)))
                    .toBuilder().addAllResourceSpans(request("backend", span(traceId(1), 2, "q", minutesAgo(25),
                            Duration.ofMillis(1)).setParentSpanId(spanId(1))).getResourceSpansList()).build());
            store.write(request("frontend", span(traceId(2), 1, "GET", minutesAgo(15), Duration.ofMillis(9))));
            store.write(request("backend", span(traceId(2), 2, "q", minutesAgo(15), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));
            store.write(request("backend", span(traceId(2), 3, "q", minutesAgo(14), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1)).setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))));
            assertEquals(1, store.partitionCount());
        }
        try (ChronicleTraceStore store = open()) {
            assertEquals(List.of(new DependencyLink("frontend", "backend", 2, 1)),
                    store.getDependencies(NOW, Duration.ofMinutes(20)));
            assertEquals(List.of(new DependencyLink("frontend", "backend", 1, 0)),
                    store.getDependencies(minutesAgo(15), Duration.ofMinutes(1)), "12:14-12:15: the first call only");
            assertEquals(List.of(), store.getDependencies(minutesAgo(20), Duration.ofMinutes(4)), "12:06-12:10");
            assertEquals(List.of(new DependencyLink("frontend", "backend", 1, 0)),
                    store.getDependencies(minutesAgo(20), Duration.ofMinutes(5)), "12:05-12:10");
            assertEquals(List.of(new DependencyLink("frontend", "backend", 3, 1)),
                    store.getDependencies(NOW, Duration.ofMinutes(30)));
        }
    }

    @Test
    void aCallCountsAtItsChildsStartWhenItsLateParentWentToTheHourBefore() {
        // NOW is 12:30: the child at 12:00:00.001 first, its parent at 11:59:59.990 later, in the hour before
        Instant hour = NOW.minus(Duration.ofMinutes(30));
        try (ChronicleTraceStore store = open()) {
            store.write(request("backend", span(traceId(1), 2, "q", hour.plusMillis(1), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));
            store.write(request("frontend", span(traceId(1), 1, "GET", hour.minusMillis(10), Duration.ofMillis(20))));
            assertEquals(2, store.partitionCount());

            assertEquals(List.of(new DependencyLink("frontend", "backend", 1, 0)),
                    store.getDependencies(NOW, Duration.ofMinutes(30)), "the window of the child's hour");
            assertEquals(List.of(), store.getDependencies(hour.minusSeconds(10), Duration.ofMinutes(30)),
                    "a window of the parent's hour before the child started");
            assertEquals(List.of(), store.getDependencies(NOW, Duration.ofMinutes(29)));
        }
    }

    @Test
    void aChildWhoseParentNeverComesIsNotACall() {
        try (ChronicleTraceStore store = open()) {
            store.write(request("backend", span(traceId(1), 2, "q", minutesAgo(5), Duration.ofMillis(1))
                    .setParentSpanId(spanId(99))));
            store.write(request("frontend", span(traceId(1), 1, "GET", minutesAgo(5), Duration.ofMillis(9))));
            assertEquals(List.of(), store.getDependencies(NOW, WEEK));
        }
    }

    @Test
    void partitionsAddUpOverTheLookbackAndSurviveARestart() {
        try (ChronicleTraceStore store = open()) {
            for (int day = 0; day < 7; day++) {
                Instant at = NOW.minus(Duration.ofDays(day)).minusSeconds(60);
                store.write(request("frontend", span(traceId(day), 1, "GET", at, Duration.ofMillis(9))));
                store.write(request("backend", span(traceId(day), 2, "q", at, Duration.ofMillis(1))
                        .setParentSpanId(spanId(1))));
            }
            assertEquals(7, store.partitionCount());
            assertEquals(List.of(new DependencyLink("frontend", "backend", 7)), store.getDependencies(NOW, WEEK));
            assertEquals(List.of(new DependencyLink("frontend", "backend", 2)),
                    store.getDependencies(NOW, Duration.ofHours(25)));
            assertEquals(List.of(new DependencyLink("frontend", "backend", 1)),
                    store.getDependencies(NOW.minus(Duration.ofDays(3)), Duration.ofHours(1)));
        }
        try (ChronicleTraceStore store = open()) {
            assertEquals(List.of(new DependencyLink("frontend", "backend", 7)), store.getDependencies(NOW, WEEK));
        }
    }

    @Test
    void aTornLinksRecordIsCutOffOnOpen() throws IOException {
        try (ChronicleTraceStore store = open()) {
            store.write(request("frontend", span(traceId(1), 1, "GET", minutesAgo(5), Duration.ofMillis(9))));
            store.write(request("backend", span(traceId(1), 2, "q", minutesAgo(5), Duration.ofMillis(1))
                    .setParentSpanId(spanId(1))));
        }
        Path links;
        try (Stream<Path> files = Files.walk(dataDir)) {
            links = files.filter(p -> p.getFileName().toString().equals("links.log")).findFirst().orElseThrow();
        }
        long intact = Files.size(links);
        Files.write(links, new byte[] {0, 0, 0, 40, 0, 0, 0, 1, 9}, StandardOpenOption.APPEND);
        try (ChronicleTraceStore store = open()) {
            assertEquals(intact, Files.size(links));
            assertEquals(List.of(new DependencyLink("frontend", "backend", 1)), store.getDependencies(NOW, WEEK));
        }
    }
}
