package io.spanvault.storage.chronicle;

import static io.spanvault.storage.conformance.SpanFixtures.request;
import static io.spanvault.storage.conformance.SpanFixtures.span;
import static io.spanvault.storage.conformance.SpanFixtures.string;
import static io.spanvault.storage.conformance.SpanFixtures.traceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.spanvault.storage.TraceId;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.conformance.SpanFixtures;
import io.spanvault.storage.conformance.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches answered from the postings: each kind of term, intersections, early stop and late chunks. */
class PostingsSearchTest {
    private static final Instant NOW = Instant.parse("2026-03-10T12:30:00Z");

    @TempDir
    Path dataDir;

    private ChronicleTraceStore open() {
        return ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dataDir).withClock(new TestClock(NOW))
                .withWriteLanes(2));
    }

    private static TraceQuery.Builder query() {
        return TraceQuery.builder();
    }

    private static Instant minutesAgo(long m) {
        return NOW.minus(Duration.ofMinutes(m));
    }

    /** One span in a resource of {@code service} with a scope named {@code scope}. */
    private static ExportTraceServiceRequest one(String service, String scope, Span.Builder span,
            io.opentelemetry.proto.common.v1.KeyValue... resourceAttributes) {
        Resource resource = SpanFixtures.resource(service, resourceAttributes);
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName(scope).setVersion("1.2")
                                .addAttributes(string("scope.attr", "s-" + scope)))
                        .addSpans(span))).build();
    }

    @Test
    void everyKindOfTermFindsItsChunk() {
        try (ChronicleTraceStore store = open()) {
            store.write(one("shop", "lib-a", span(traceId(1), 1, "GET /a", minutesAgo(9), Duration.ofMillis(1))
                    .setKind(Span.SpanKind.SPAN_KIND_CLIENT).addAttributes(string("span.attr", "x"))
                    .addEvents(Span.Event.newBuilder().setName("e").addAttributes(string("event.attr", "y")))
                    .addLinks(Span.Link.newBuilder().setTraceId(traceId(9).toByteString())
                            .setSpanId(SpanFixtures.spanId(9)).addAttributes(string("link.attr", "z"))),
                    string("host.name", "h1")));
            store.write(one("shop", "lib-b", span(traceId(2), 2, "GET /b", minutesAgo(8), Duration.ofMillis(1))
                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)), string("host.name", "h2")));
            store.write(one("cart", "lib-b", span(traceId(3), 3, "GET /a", minutesAgo(7), Duration.ofMillis(1))
                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))));

            assertEquals(List.of(traceId(2), traceId(1)), store.findTraceIds(query().serviceName("shop").build()));
            assertEquals(List.of(traceId(3), traceId(1)), store.findTraceIds(query().operationName("GET /a").build()));
            assertEquals(List.of(traceId(1)), store.findTraceIds(query().serviceName("shop").operationName("GET /a").build()));
            assertEquals(List.of(traceId(1)), store.findTraceIds(query().spanKind("client").build()));
            assertEquals(List.of(traceId(3), traceId(2)), store.findTraceIds(query().spanKind("SERVER").build()));
            for (Map.Entry<String, String> tag : Map.of("span.attr", "x", "event.attr", "y", "link.attr", "z",
                    "host.name", "h1", "scope.attr", "s-lib-a").entrySet()) {
                assertEquals(List.of(traceId(1)), store.findTraceIds(query().attributes(Map.of(tag.getKey(),
                        tag.getValue())).build()), tag.toString());
            }
            assertEquals(List.of(traceId(2)), store.findTraceIds(query().attributes(Map.of("error", "true")).build()));
        }
    }

    @Test
    void theTagsJaegerShowsForSpanFieldsFindTheirSpans() {
        try (ChronicleTraceStore store = open()) {
            store.write(one("shop", "io.lib.http", span(traceId(1), 1, "op", minutesAgo(9), Duration.ofMillis(1))
                    .setKind(Span.SpanKind.SPAN_KIND_CLIENT)));
            store.write(one("shop", "io.lib.db", span(traceId(2), 2, "op", minutesAgo(8), Duration.ofMillis(1))
                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))));
            store.write(one("shop", "io.lib.db", span(traceId(3), 3, "op", minutesAgo(7), Duration.ofMillis(1))
                    .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))));

            assertEquals(List.of(traceId(1)), find(store, "span.kind", "client"));
            assertEquals(List.of(traceId(3), traceId(2)), find(store, "span.kind", "server"));
            assertEquals(List.of(traceId(2)), find(store, "otel.status_code", "ERROR"));
            assertEquals(List.of(traceId(2)), find(store, "error", "true"));
            assertEquals(List.of(traceId(3)), find(store, "otel.status_code", "OK"));
            assertEquals(List.of(traceId(1)), find(store, "otel.scope.name", "io.lib.http"));
            assertEquals(List.of(traceId(3), traceId(2)), find(store, "otel.scope.name", "io.lib.db"));
            assertEquals(List.of(traceId(3), traceId(2), traceId(1)), find(store, "otel.scope.version", "1.2"));
            assertEquals(List.of(), find(store, "otel.status_code", "UNSET"));
            assertEquals(List.of(traceId(2)), store.findTraceIds(query().serviceName("shop")
                    .attributes(Map.of("otel.scope.name", "io.lib.db", "otel.status_code", "ERROR")).build()));
        }
    }

    private static List<TraceId> find(ChronicleTraceStore store, String key, String value) {
        return store.findTraceIds(query().serviceName("shop").attributes(Map.of(key, value)).build());
    }

    @Test
    void conditionsIntersectOnOneSpan() {
        try (ChronicleTraceStore store = open()) {
            for (int t = 0; t < 300; t++) {
                store.write(one("svc-" + t % 3, "lib", span(traceId(t), t, "op-" + t % 5, NOW.minusSeconds(600 - t),
                        Duration.ofMillis(t)).addAttributes(string("customer", "c" + t % 7))));
            }
            TraceQuery q = query().serviceName("svc-1").operationName("op-2").attributes(Map.of("customer", "c4"))
                    .limit(1000).build();
            List<TraceId> expected = new ArrayList<>();
            for (int t = 299; t >= 0; t--) {
                if (t % 3 == 1 && t % 5 == 2 && t % 7 == 4) {
                    expected.add(traceId(t));
                }
            }
            ChronicleTraceStore.SearchResult result = store.search(q);
            assertEquals(expected, result.ids());
            assertEquals(expected.size(), result.checkedChunks(), "only chunks holding every term are read");
            assertEquals(List.of(), store.findTraceIds(query().serviceName("svc-1").attributes(Map.of("customer", "c99"))
                    .build()));
            assertEquals(0, store.search(query().serviceName("svc-1").attributes(Map.of("customer", "c99")).build())
                    .checkedChunks());
            // duration bounds prune whole entries and records; exact check keeps them inclusive
            assertEquals(List.of(traceId(298), traceId(295), traceId(292)), store.findTraceIds(query().serviceName("svc-1")
                    .durationMin(Duration.ofMillis(290)).build()));
            assertEquals(List.of(traceId(4), traceId(1)), store.findTraceIds(query().serviceName("svc-1")
                    .durationMax(Duration.ofMillis(4)).build()));
        }
    }

    @Test
    void aSearchStopsAtItsLimitNewestFirst() {
        try (ChronicleTraceStore store = open()) {
            for (int batch = 0; batch < 40; batch++) {
                Span.Builder[] spans = new Span.Builder[50];
                for (int i = 0; i < spans.length; i++) {
                    int t = batch * 50 + i;
                    spans[i] = span(traceId(t), t, "op", NOW.minusSeconds(1800).plusMillis(100L * t), Duration.ofMillis(1));
                }
                store.write(request("svc", spans));
            }
            ChronicleTraceStore.SearchResult result = store.search(query().serviceName("svc").limit(5).build());
            assertEquals(List.of(traceId(1999), traceId(1998), traceId(1997), traceId(1996), traceId(1995)),
                    result.ids());
            assertTrue(result.checkedChunks() < 60, "checked " + result.checkedChunks() + " of 2000 chunks");
            ChronicleTraceStore.SearchResult all = store.search(query().limit(3).build());
            assertEquals(List.of(traceId(1999), traceId(1998), traceId(1997)), all.ids());
            assertTrue(all.checkedChunks() < 60, "a search without terms checked " + all.checkedChunks());
        }
    }

    @Test
    void aLateChunkRanksByItsStartAndIsFound() {
        try (ChronicleTraceStore store = open()) {
            // trace 1 started at 12:05; traffic of the hour follows; its last span is written long after
            store.write(request("svc", span(traceId(1), 1, "op", NOW.minus(Duration.ofMinutes(25)), Duration.ofMillis(1))));
            for (int t = 10; t < 60; t++) {
                store.write(request("svc", span(traceId(t), t, "op", NOW.minus(Duration.ofMinutes(24)).plusSeconds(t),
                        Duration.ofMillis(1))));
            }
            // a late chunk (starting before all of them), then one starting after every other
            store.write(request("svc", span(traceId(2), 2, "late", NOW.minus(Duration.ofMinutes(29)), Duration.ofMillis(1))));
            store.write(request("svc", span(traceId(1), 3, "op", NOW.minus(Duration.ofMinutes(1)), Duration.ofMillis(1))));
            // written first, starting last: the prefix maximum keeps it from being passed over
            assertEquals(List.of(traceId(1), traceId(59)), store.findTraceIds(query().serviceName("svc").limit(2).build()));
            assertEquals(List.of(traceId(2)), store.findTraceIds(query().operationName("late").build()));
            List<TraceId> all = store.findTraceIds(query().serviceName("svc").limit(100).build());
            assertEquals(52, all.size());
            assertEquals(traceId(2), all.get(all.size() - 1));
        }
    }

    @Test
    void aChunkWrittenBeforeLaterStartingOnesIsNotPassedOver() {
        try (ChronicleTraceStore store = open()) {
            store.write(request("svc", span(traceId(1), 1, "op", minutesAgo(1), Duration.ofMillis(1))));
            for (int t = 10; t < 200; t++) {
                store.write(request("svc", span(traceId(t), t, "op", minutesAgo(20).plusMillis(t), Duration.ofMillis(1))));
            }
            assertEquals(List.of(traceId(1)), store.findTraceIds(query().serviceName("svc").limit(1).build()));
        }
    }

    @Test
    void postingsSurviveARestart() {
        try (ChronicleTraceStore store = open()) {
            store.write(request("svc", span(traceId(1), 1, "op", minutesAgo(3), Duration.ofMillis(1))
                    .addAttributes(string("k", "v"))));
        }
        try (ChronicleTraceStore store = open()) {
            store.write(request("svc", span(traceId(2), 2, "op", minutesAgo(2), Duration.ofMillis(1))
                    .addAttributes(string("k", "v"))));
            assertEquals(List.of(traceId(2), traceId(1)), store.findTraceIds(query().attributes(Map.of("k", "v")).build()));
        }
    }
}
