package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.SpanFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A data directory written by the format 2 store (one chunk per span log record, LZ4) is read by this build,
 * and its hour goes on in a new, format 3 generation. The fixture in {@code chronicle-format2/} was written by
 * {@code MakeV2.java.txt} with the store at commit 1c242fe: traces 1 to 3, each a {@code front} span with a
 * {@code back} child in one write, then a second {@code back} child in a later write.
 */
class Format2PartitionTest extends OldFormatPartitionTest {
    @Override
    String fixture() {
        return "chronicle-format2";
    }

    private static List<String> spanNames(TracesData trace) {
        List<String> names = new ArrayList<>();
        for (ResourceSpans rs : trace.getResourceSpansList()) {
            rs.getScopeSpansList().forEach(ss -> ss.getSpansList().forEach(s -> names.add(
                    SearchTerms.serviceName(rs.getResource()) + " " + s.getName() + " " + s.getAttributes(0)
                            .getValue().getStringValue())));
        }
        return names;
    }

    @Test
    void tracesSearchesAndTheServiceMapOfAFormat2PartitionRead() {
        try (ChronicleTraceStore store = open()) {
            for (long t = 1; t <= 3; t++) {
                TracesData trace = store.getTrace(trace(t), null, null).orElseThrow();
                assertEquals(List.of("front GET /cart u" + t, "back SELECT u" + t, "back UPDATE u" + t),
                        spanNames(trace));
            }
            assertEquals(List.of(trace(2)), store.findTraceIds(TraceQuery.builder().serviceName("back")
                    .attributes(Map.of("user.id", "u2")).build()));
            assertEquals(List.of(trace(3), trace(2), trace(1)),
                    store.findTraceIds(TraceQuery.builder().serviceName("front").build()));
            assertEquals(List.of(new DependencyLink("front", "back", 6, 0)),
                    store.getDependencies(NOW, Duration.ofHours(2)));
        }
    }

    @Test
    void aWriteToTheHourOfAFormat2PartitionGoesToANewFormat3Generation() throws IOException {
        try (ChronicleTraceStore store = open()) {
            Span.Builder late = SpanFixtures.span(trace(1), 14, "DELETE", NOW.minusSeconds(60), Duration.ofMillis(2))
                    .setParentSpanId(SpanFixtures.spanId(11)).addAttributes(SpanFixtures.string("user.id", "u1"));
            ExportTraceServiceRequest request = SpanFixtures.request("back", late);
            store.write(request);
            TracesData trace = store.getTrace(trace(1), null, null).orElseThrow();
            assertEquals(List.of("front GET /cart u1", "back SELECT u1", "back UPDATE u1", "back DELETE u1"),
                    spanNames(trace));
            assertEquals(List.of(new DependencyLink("front", "back", 7, 0)),
                    store.getDependencies(NOW, Duration.ofHours(2)));
        }
        assertEquals("2", Files.readString(dataDir.resolve(PARTITION).resolve(PartitionFormat.VERSION_FILE)));
        Path next = dataDir.resolve("2026-03-10T12.g1");
        assertEquals(Integer.toString(PartitionFormat.CURRENT_VERSION),
                Files.readString(next.resolve(PartitionFormat.VERSION_FILE)));
        assertTrue(Files.size(next.resolve("lane-0").resolve("spans.log")) > 8, "the new span went to " + next);
    }
}
