package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.SpanFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A data directory written by the format 3 store (trace heads without the traces' bounds, the service map
 * per partition) is read by this build, and its hour goes on in a new generation of the current format. The
 * fixture in {@code chronicle-format3/} was written by {@code MakeV3.java.txt} with the store at commit
 * b9443c2: traces 1 to 3, each a {@code front} span with a {@code back} child in one write, then a second
 * {@code back} child in a later write; trace t lasts t × 10 ms.
 */
class Format3PartitionTest extends OldFormatPartitionTest {
    @Override
    String fixture() {
        return "chronicle-format3";
    }

    /** The fixture's format version. */
    int version() {
        return 3;
    }

    private static TraceQuery.Builder wholeTrace() {
        return TraceQuery.builder().match(TraceQuery.Match.WHOLE_TRACE);
    }

    @Test
    void tracesSearchesDurationBoundsAndTheServiceMapOfAFormat3PartitionRead() {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= 3; t++) {
                TracesData trace = store.getTrace(trace(t), null, null).orElseThrow();
                assertEquals(3, trace.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                        .mapToInt(ScopeSpans::getSpansCount).sum());
            }
            assertEquals(List.of(trace(2)), store.findTraceIds(TraceQuery.builder().serviceName("back")
                    .attributes(Map.of("user.id", "u2")).build()));
            // heads of format 3 know no bounds: the traces are read; format 4's answer from the heads alike
            assertEquals(List.of(trace(3), trace(2)), store.findTraceIds(wholeTrace().serviceName("front")
                    .durationMin(Duration.ofMillis(15)).build()));
            assertEquals(List.of(trace(1)), store.findTraceIds(wholeTrace().serviceName("front")
                    .durationMax(Duration.ofMillis(15)).build()));
            assertEquals(List.of(new DependencyLink("front", "back", 6, 0)),
                    store.getDependencies(NOW, Duration.ofHours(2)));
        }
    }

    @Test
    void aLateSpanInTheNewGenerationKnowsItsTraceHasAPieceWithoutBounds() throws IOException {
        try (ChronicleTraceStore store = open()) {
            Span.Builder late = SpanFixtures.span(trace(1), 14, "DELETE", NOW.minusSeconds(60), Duration.ofMillis(50))
                    .setParentSpanId(SpanFixtures.spanId(11));
            store.write(SpanFixtures.request("back", late));

            // the new generation alone would say 50 ms; the trace began with the fixture's spans 539 s earlier
            assertEquals(List.of(trace(1)), store.findTraceIds(wholeTrace().operationName("DELETE")
                    .durationMin(Duration.ofSeconds(100)).build()));
            assertEquals(List.of(), store.findTraceIds(wholeTrace().operationName("DELETE")
                    .durationMax(Duration.ofSeconds(100)).build()));
            assertEquals(List.of(new DependencyLink("front", "back", 7, 0)),
                    store.getDependencies(NOW, Duration.ofHours(2)));
        }
        assertEquals(Integer.toString(version()),
                Files.readString(dataDir.resolve(PARTITION).resolve(PartitionFormat.VERSION_FILE)));
        assertEquals(Integer.toString(PartitionFormat.CURRENT_VERSION),
                Files.readString(dataDir.resolve("2026-03-10T12.g1").resolve(PartitionFormat.VERSION_FILE)));
    }
}
