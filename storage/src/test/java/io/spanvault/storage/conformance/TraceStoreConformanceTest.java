package io.spanvault.storage.conformance;

import static io.spanvault.storage.conformance.SpanFixtures.attribute;
import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.spanId;
import static io.spanvault.storage.conformance.SpanFixtures.string;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.storage.DependencyLink;
import io.spanvault.storage.Operation;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.TraceStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance kit: the behaviour every {@link TraceStore} backend must show, whatever keeps its data. A
 * backend's test extends this class, says how to open its store ({@link #openStore}), how to empty it between
 * tests when stores share data ({@link #clear}) and which optional {@link Capability capabilities} it has; the
 * kit writes through the SPI, checks what the SPI reads back, and skips (with one line naming it) the tests of
 * a capability the backend does not declare. The clock is a {@link TestClock} so retention is tested without
 * waiting.
 */
public abstract class TraceStoreConformanceTest {
    /** The suite's "now": a fixed instant, 30 minutes into an hour. */
    protected static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");
    protected static final Duration RETENTION = Duration.ofHours(6);

    @TempDir
    protected Path dataDir;
    protected TestClock clock;
    protected TraceStore store;

    /**
     * Opens (or, with {@link Capability#PERSISTENCE}, reopens with the data written before) the backend's store.
     * {@code dataDir} is a new empty directory per test, for backends that keep files; {@code retention} and
     * {@code clock} matter to backends with {@link Capability#RETENTION}.
     */
    protected abstract TraceStore openStore(Path dataDir, Duration retention, Clock clock);

    /** The optional capabilities this backend has; the kit skips the tests of the others. */
    protected abstract Set<Capability> capabilities();

    /**
     * Empties the store before a test, for a backend whose stores share data across tests (a database
     * keyspace). A backend opened fresh per test (files in {@code dataDir}, the heap) needs nothing here.
     */
    protected void clear(TraceStore store) {
    }

    /** With {@link Capability#RETENTION}: makes the store apply its retention now (it does on its own schedule too). */
    protected void applyRetention(TraceStore store) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " declares no retention");
    }

    /** Skips the calling test, with one line saying why, unless the backend declares {@code capability}. */
    protected final void requires(Capability capability) {
        Assumptions.assumeTrue(capabilities().contains(capability),
                () -> getClass().getSimpleName() + " does not declare " + capability + "; skipped");
    }

    @BeforeEach
    void openTheStore() {
        clock = new TestClock(NOW);
        store = openStore(dataDir, RETENTION, clock);
        clear(store);
    }

    @AfterEach
    void closeTheStore() {
        store.close();
    }

    protected void restart() {
        store.close();
        store = openStore(dataDir, RETENTION, clock);
    }

    private static Instant minutesAgo(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes));
    }

    private static List<Span> spans(TracesData data) {
        List<Span> out = new ArrayList<>();
        for (ResourceSpans rs : data.getResourceSpansList()) {
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                out.addAll(ss.getSpansList());
            }
        }
        return out;
    }

    private TracesData trace(TraceId id) {
        return store.getTrace(id, null, null).orElseThrow(() -> new AssertionError("trace " + id + " not found"));
    }

    private List<TraceId> find(TraceQuery.Builder query) {
        List<TraceId> ids = store.findTraceIds(query.build());
        List<TraceId> fromTraces = new ArrayList<>();
        for (TracesData t : store.findTraces(query.build())) {
            fromTraces.add(TraceId.of(spans(t).get(0).getTraceId()));
        }
        assertEquals(ids, fromTraces, "findTraceIds and findTraces disagree");
        return ids;
    }

    private static TraceQuery.Builder query() {
        return TraceQuery.builder();
    }

    @Test
    void roundTripKeepsEveryOtlpField() {
        ExportTraceServiceRequest written = SpanFixtures.everyField(traceId(1), minutesAgo(5));
        store.write(written);

        TracesData read = trace(traceId(1));

        assertEquals(written.getResourceSpansList(), read.getResourceSpansList());
    }

    @Test
    void missingTraceIsEmpty() {
        store.write(request("svc", span(traceId(1), 1, "op", minutesAgo(5), Duration.ofMillis(1))));

        assertEquals(Optional.empty(), store.getTrace(traceId(2), null, null));
        assertEquals(List.of(), find(query().serviceName("no-such-service")));
    }

    @Test
    void spansOfOneTraceFromSeveralWritesAndServicesComeBackTogether() {
        store.write(request("frontend", span(traceId(1), 1, "GET /", minutesAgo(5), Duration.ofMillis(30))));
        store.write(request("backend", span(traceId(1), 2, "query", minutesAgo(5), Duration.ofMillis(10))
                .setParentSpanId(spanId(1))));
        store.write(request("frontend", span(traceId(1), 3, "render", minutesAgo(4), Duration.ofMillis(3))));

        TracesData read = trace(traceId(1));

        assertEquals(3, spans(read).size());
        assertEquals(2, read.getResourceSpansCount(), "spans of an identical resource are grouped again");
    }

    @Test
    void spansWithDuplicateIdsAreAllKept() {
        Span.Builder first = span(traceId(1), 7, "op", minutesAgo(5), Duration.ofMillis(1));
        Span.Builder second = span(traceId(1), 7, "op", minutesAgo(5), Duration.ofMillis(2));
        store.write(request("svc", first));
        store.write(request("svc", second, second));

        assertEquals(3, spans(trace(traceId(1))).size());
    }

    @Test
    void aTraceOfTenThousandSpansComesBackWhole() {
        List<Span.Builder> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            batch.add(span(traceId(1), i + 1, "op-" + (i % 10), minutesAgo(20).plusMillis(i), Duration.ofMillis(1)));
            if (batch.size() == 1000) {
                store.write(request("big", batch.toArray(new Span.Builder[0])));
                batch.clear();
            }
        }

        assertEquals(10_000, spans(trace(traceId(1))).size());
        List<TracesData> found = store.findTraces(query().serviceName("big").build());
        assertEquals(1, found.size());
        assertEquals(10_000, spans(found.get(0)).size());
    }

    @Test
    void aTraceAcrossPartitionsComesBackWhole() {
        Instant hour = NOW.minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        store.write(request("svc",
                span(traceId(1), 1, "before", hour.minusSeconds(1), Duration.ofSeconds(3)),
                span(traceId(1), 2, "after", hour.plusSeconds(1), Duration.ofMillis(1))));
        store.write(request("svc", span(traceId(1), 3, "much-later", hour.plus(Duration.ofMinutes(70)),
                Duration.ofMillis(1))));

        assertEquals(3, spans(trace(traceId(1))).size());
        List<TracesData> found = store.findTraces(query().operationName("before").build());
        assertEquals(1, found.size());
        assertEquals(3, spans(found.get(0)).size(), "search returns the whole trace");
    }

    @Test
    void lateSpansWithinRetentionAreAcceptedAndOlderOnesAreNot() {
        requires(Capability.RETENTION);
        store.write(request("svc",
                span(traceId(1), 1, "late", NOW.minus(RETENTION).plus(Duration.ofMinutes(1)), Duration.ofMillis(1)),
                span(traceId(2), 1, "too-late", NOW.minus(RETENTION).minus(Duration.ofHours(2)), Duration.ofMillis(1))));

        assertEquals(1, spans(trace(traceId(1))).size());
        assertEquals(Optional.empty(), store.getTrace(traceId(2), null, null));
    }

    @Test
    void retentionDropsOldPartitions() {
        requires(Capability.RETENTION);
        store.write(request("old", span(traceId(1), 1, "op", NOW.minus(Duration.ofHours(3)), Duration.ofMillis(1))));
        store.write(request("new", span(traceId(2), 1, "op", minutesAgo(1), Duration.ofMillis(1))));

        clock.advance(Duration.ofHours(4));
        applyRetention(store);

        assertEquals(Optional.empty(), store.getTrace(traceId(1), null, null));
        assertEquals(List.of(), find(query().serviceName("old")));
        assertEquals(List.of("new"), store.getServices());
        assertEquals(1, spans(trace(traceId(2))).size());
    }

    @Test
    void restartKeepsData() {
        requires(Capability.PERSISTENCE);
        ExportTraceServiceRequest written = SpanFixtures.everyField(traceId(1), minutesAgo(5));
        store.write(written);
        store.write(request("svc", span(traceId(2), 1, "op", minutesAgo(3), Duration.ofMillis(1))));

        restart();

        assertEquals(written.getResourceSpansList(), trace(traceId(1)).getResourceSpansList());
        assertEquals(List.of("every-service", "svc"), store.getServices());
        assertEquals(List.of(traceId(2)), find(query().serviceName("svc")));
        store.write(request("svc", span(traceId(2), 2, "op", minutesAgo(2), Duration.ofMillis(1))));
        assertEquals(2, spans(trace(traceId(2))).size(), "writes after a restart extend earlier traces");
    }

    @Test
    void servicesAndOperationsWithKinds() {
        store.write(request("b-svc", span(traceId(1), 1, "get", minutesAgo(5), Duration.ofMillis(1)),
                span(traceId(1), 2, "get", minutesAgo(5), Duration.ofMillis(1)).setKind(Span.SpanKind.SPAN_KIND_CLIENT),
                span(traceId(1), 3, "put", minutesAgo(5), Duration.ofMillis(1))));
        store.write(request("a-svc", span(traceId(2), 1, "list", minutesAgo(5), Duration.ofMillis(1))));

        assertEquals(List.of("a-svc", "b-svc"), store.getServices());
        assertEquals(List.of(new Operation("get", "client"), new Operation("get", "server"),
                new Operation("put", "server")), store.getOperations("b-svc", null));
        assertEquals(List.of(new Operation("get", "client")), store.getOperations("b-svc", "client"));
        assertEquals(List.of(), store.getOperations("no-such-service", null));
    }

    @Test
    void aResourceWithoutServiceNameIsUnknownServiceAndAnUnspecifiedKindIsEmpty() {
        store.write(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(traceId(1), 1, "anon", minutesAgo(5),
                        Duration.ofMillis(1)).setKind(Span.SpanKind.SPAN_KIND_UNSPECIFIED)))).build());

        assertEquals(List.of("unknown_service"), store.getServices());
        assertEquals(List.of(new Operation("anon", "")), store.getOperations("unknown_service", null));
        assertEquals(List.of(traceId(1)), find(query().serviceName("unknown_service")));
    }

    @Test
    void searchByServiceOperationAndKind() {
        store.write(request("a", span(traceId(1), 1, "x", minutesAgo(5), Duration.ofMillis(1))));
        store.write(request("a", span(traceId(2), 1, "y", minutesAgo(4), Duration.ofMillis(1))
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)));
        store.write(request("b", span(traceId(3), 1, "x", minutesAgo(3), Duration.ofMillis(1))));

        assertEquals(List.of(traceId(2), traceId(1)), find(query().serviceName("a")));
        assertEquals(List.of(traceId(3), traceId(1)), find(query().operationName("x")));
        assertEquals(List.of(traceId(1)), find(query().serviceName("a").operationName("x")));
        assertEquals(List.of(traceId(2)), find(query().spanKind("client")));
        assertEquals(List.of(), find(query().serviceName("b").spanKind("client")));
    }

    @Test
    void searchByAttributeInEachLocation() {
        store.write(request("svc", span(traceId(1), 1, "op", minutesAgo(9), Duration.ofMillis(1))
                .addAttributes(string("where", "span"))));
        store.write(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(SpanFixtures.resource("svc", string("where", "resource")))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span(traceId(2), 1, "op", minutesAgo(8),
                        Duration.ofMillis(1))))).build());
        store.write(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(SpanFixtures.resource("svc"))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("s").addAttributes(string("where", "scope")))
                        .addSpans(span(traceId(3), 1, "op", minutesAgo(7), Duration.ofMillis(1))))).build());
        store.write(request("svc", span(traceId(4), 1, "op", minutesAgo(6), Duration.ofMillis(1))
                .addEvents(Span.Event.newBuilder().setName("e").addAttributes(string("where", "event")))));
        store.write(request("svc", span(traceId(5), 1, "op", minutesAgo(5), Duration.ofMillis(1))
                .addLinks(Span.Link.newBuilder().setTraceId(traceId(99).toByteString()).setSpanId(spanId(1))
                        .addAttributes(string("where", "link")))));

        for (String where : List.of("span", "resource", "scope", "event", "link")) {
            List<TraceId> found = find(query().attributes(Map.of("where", where)));
            assertEquals(1, found.size(), "attribute on the " + where);
        }
        assertEquals(List.of(traceId(2)), find(query().serviceName("svc").attributes(Map.of("where", "resource"))));
        assertEquals(List.of(), find(query().attributes(Map.of("where", "nowhere"))));
    }

    @Test
    void searchByTypedAttributeValuesAndErrorStatus() {
        store.write(request("svc", span(traceId(1), 1, "op", minutesAgo(5), Duration.ofMillis(1))
                .addAttributes(attribute("http.status_code", AnyValue.newBuilder().setIntValue(503).build()))
                .addAttributes(attribute("retry", AnyValue.newBuilder().setBoolValue(true).build()))
                .addAttributes(attribute("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))));
        store.write(request("svc", span(traceId(2), 1, "op", minutesAgo(4), Duration.ofMillis(1))
                .addAttributes(attribute("http.status_code", AnyValue.newBuilder().setIntValue(200).build()))));

        assertEquals(List.of(traceId(1)), find(query().attributes(Map.of("http.status_code", "503"))));
        assertEquals(List.of(traceId(1)), find(query().attributes(Map.of("retry", "true"))));
        assertEquals(List.of(traceId(1)), find(query().attributes(Map.of("ratio", "0.25"))));
        assertEquals(List.of(traceId(1)), find(query().attributes(Map.of("error", "true"))));
        assertEquals(List.of(traceId(2)), find(query().attributes(Map.of("http.status_code", "200"))));
    }

    @Test
    void searchByStartTimeIsInclusive() {
        for (int i = 1; i <= 3; i++) {
            store.write(request("svc", span(traceId(i), 1, "op", minutesAgo(10 * i), Duration.ofMillis(1))));
        }

        assertEquals(List.of(traceId(2), traceId(3)), find(query().startTimeMax(minutesAgo(20))));
        assertEquals(List.of(traceId(1), traceId(2)), find(query().startTimeMin(minutesAgo(20))));
        assertEquals(List.of(traceId(2)), find(query().startTimeMin(minutesAgo(20)).startTimeMax(minutesAgo(20))));
    }

    @Test
    void searchByDurationBoundsIsInclusive() {
        for (int i = 1; i <= 3; i++) {
            store.write(request("svc", span(traceId(i), 1, "op", minutesAgo(10 - i), Duration.ofMillis(100 * i))));
        }

        assertEquals(List.of(traceId(3), traceId(2)), find(query().durationMin(Duration.ofMillis(200))));
        assertEquals(List.of(traceId(2), traceId(1)), find(query().durationMax(Duration.ofMillis(200))));
        assertEquals(List.of(traceId(2)),
                find(query().durationMin(Duration.ofMillis(200)).durationMax(Duration.ofMillis(200))));
    }

    private void writeTwoTracesSplittingConditionsDifferently() {
        store.write(request("svc",
                span(traceId(1), 1, "a", minutesAgo(5), Duration.ofMillis(500)).addAttributes(string("k", "1")),
                span(traceId(1), 2, "b", minutesAgo(5), Duration.ofMillis(5)).addAttributes(string("j", "2"))));
        store.write(request("svc",
                span(traceId(2), 1, "a", minutesAgo(4), Duration.ofMillis(500))
                        .addAttributes(string("k", "1")).addAttributes(string("j", "2"))));
    }

    @Test
    void combinedConditionsMustHoldOnOneSpan() {
        writeTwoTracesSplittingConditionsDifferently();

        assertEquals(List.of(traceId(2)), find(query().attributes(Map.of("k", "1", "j", "2"))));
        assertEquals(List.of(traceId(2)), find(query().serviceName("svc").operationName("a")
                .attributes(Map.of("j", "2")).durationMin(Duration.ofMillis(400))));
        assertEquals(List.of(), find(query().operationName("b").durationMin(Duration.ofMillis(400))));
    }

    @Test
    void wholeTraceMatchingMeetsConditionsAnywhereInTheTrace() {
        requires(Capability.WHOLE_TRACE_MATCHING);
        writeTwoTracesSplittingConditionsDifferently();

        assertEquals(List.of(traceId(2), traceId(1)),
                find(query().attributes(Map.of("k", "1", "j", "2")).match(TraceQuery.Match.WHOLE_TRACE)));
        assertEquals(List.of(traceId(1)), find(query().operationName("b").durationMin(Duration.ofMillis(400))
                .match(TraceQuery.Match.WHOLE_TRACE)));
    }

    @Test
    void searchReturnsNewestFirstAndLimitCountsTraces() {
        for (int i = 1; i <= 5; i++) {
            Span.Builder[] spans = new Span.Builder[3];
            for (int s = 0; s < 3; s++) {
                spans[s] = span(traceId(i), s + 1, "op", minutesAgo(30 - i), Duration.ofMillis(1));
            }
            store.write(request("svc", spans));
        }

        assertEquals(List.of(traceId(5), traceId(4)), find(query().serviceName("svc").limit(2)));
        assertEquals(List.of(traceId(5), traceId(4), traceId(3), traceId(2), traceId(1)),
                find(query().serviceName("svc")));
        List<TracesData> whole = store.findTraces(query().serviceName("svc").limit(2).build());
        assertEquals(3, spans(whole.get(0)).size(), "search returns whole traces");
    }

    @Test
    void aTraceRanksByItsNewestMatchingSpanWhicheverWriteBroughtIt() {
        store.write(request("svc", span(traceId(1), 1, "op", minutesAgo(30), Duration.ofMillis(1))));
        store.write(request("svc", span(traceId(2), 1, "op", minutesAgo(20), Duration.ofMillis(1))));
        store.write(request("svc", span(traceId(1), 2, "op", minutesAgo(10), Duration.ofMillis(1)),
                span(traceId(1), 3, "other", minutesAgo(1), Duration.ofMillis(1))));

        assertEquals(List.of(traceId(1)), find(query().operationName("op").limit(1)));
        assertEquals(List.of(traceId(1), traceId(2)), find(query().operationName("op")));
        assertEquals(List.of(traceId(2), traceId(1)),
                find(query().operationName("op").startTimeMax(minutesAgo(15))));
    }

    @Test
    void newestFirstAcrossPartitions() {
        store.write(request("svc", span(traceId(1), 1, "op", NOW.minus(Duration.ofHours(3)), Duration.ofMillis(1))));
        store.write(request("svc", span(traceId(2), 1, "op", minutesAgo(1), Duration.ofMillis(1))));
        store.write(request("svc", span(traceId(3), 1, "op", NOW.minus(Duration.ofHours(2)), Duration.ofMillis(1))));

        assertEquals(List.of(traceId(2), traceId(3)), find(query().serviceName("svc").limit(2)));
        assertEquals(List.of(traceId(2), traceId(3), traceId(1)), find(query().serviceName("svc")));
    }

    @Test
    void dependenciesCountCallsBetweenServices() {
        store.write(request("frontend", span(traceId(1), 1, "GET", minutesAgo(5), Duration.ofMillis(9)),
                span(traceId(1), 2, "internal", minutesAgo(5), Duration.ofMillis(1)).setParentSpanId(spanId(1))));
        store.write(request("backend", span(traceId(1), 3, "q", minutesAgo(5), Duration.ofMillis(5))
                .setParentSpanId(spanId(1)), span(traceId(1), 4, "q", minutesAgo(5), Duration.ofMillis(5))
                .setParentSpanId(spanId(1))));
        store.write(request("db", span(traceId(1), 5, "select", minutesAgo(5), Duration.ofMillis(1))
                .setParentSpanId(spanId(3))));
        store.write(request("backend", span(traceId(2), 1, "q", NOW.minus(Duration.ofHours(3)), Duration.ofMillis(5))));
        store.write(request("db", span(traceId(2), 2, "select", NOW.minus(Duration.ofHours(3)), Duration.ofMillis(1))
                .setParentSpanId(spanId(1))));

        assertEquals(List.of(new DependencyLink("backend", "db", 1), new DependencyLink("frontend", "backend", 2)),
                store.getDependencies(NOW, Duration.ofHours(1)));
        assertEquals(List.of(new DependencyLink("backend", "db", 2), new DependencyLink("frontend", "backend", 2)),
                store.getDependencies(NOW, Duration.ofHours(4)));
    }

    /** What {@link TraceStore#scanSpans} passes for one span, as a line. */
    private List<String> scan(Set<String> services, Instant from, Instant to) {
        List<String> seen = new ArrayList<>();
        assertTrue(store.scanSpans(services, from, to, (service, operation, kind, start, duration, error) -> {
            seen.add(service + " " + operation + " " + kind + " " + Instant.ofEpochSecond(0, start) + " "
                    + Duration.ofNanos(duration) + (error ? " error" : ""));
            return true;
        }));
        return seen;
    }

    @Test
    void scanSpansVisitsTheSpansOfTheWindowAndServicesNewestHourFirst() {
        Instant thisHour = NOW.minus(Duration.ofMinutes(10));
        Instant lastHour = NOW.minus(Duration.ofMinutes(70));
        store.write(request("frontend", span(traceId(1), 1, "GET /", lastHour, Duration.ofMillis(9)),
                span(traceId(1), 2, "GET /", thisHour, Duration.ofMillis(4)).setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))));
        store.write(request("backend", span(traceId(2), 1, "query", thisHour, Duration.ofMillis(2))));
        store.write(request("backend", span(traceId(3), 1, "old", NOW.minus(Duration.ofHours(3)),
                Duration.ofMillis(1))));

        List<String> all = scan(Set.of(), NOW.minus(Duration.ofHours(2)), NOW);
        assertEquals(3, all.size(), all.toString());
        assertEquals(Set.of("frontend GET / client " + thisHour + " PT0.004S error",
                "backend query server " + thisHour + " PT0.002S"), Set.copyOf(all.subList(0, 2)));
        assertEquals("frontend GET / server " + lastHour + " PT0.009S", all.get(2));
        assertEquals(List.of("backend query server " + thisHour + " PT0.002S"),
                scan(Set.of("backend", "nobody"), NOW.minus(Duration.ofHours(2)), NOW));
        assertEquals(List.of("frontend GET / server " + lastHour + " PT0.009S"),
                scan(Set.of("frontend"), lastHour, lastHour), "both bounds are inclusive");
        assertEquals(List.of(), scan(Set.of("nobody"), NOW.minus(Duration.ofHours(5)), NOW));
    }

    @Test
    void scanSpansStopsWhenTheVisitorSaysSo() {
        for (int i = 1; i <= 5; i++) {
            store.write(request("svc", span(traceId(i), 1, "op", minutesAgo(i), Duration.ofMillis(1))));
        }
        int[] visits = {0};
        assertEquals(false, store.scanSpans(Set.of(), minutesAgo(60), NOW, (s, o, k, start, d, e) -> ++visits[0] < 2));
        assertEquals(2, visits[0]);
    }

    @Test
    void getTraceTimeHintsDoNotHideSpansInside() {
        store.write(request("svc", span(traceId(1), 1, "op", minutesAgo(5), Duration.ofMillis(1))));

        assertTrue(store.getTrace(traceId(1), minutesAgo(10), NOW).isPresent());
    }
}
