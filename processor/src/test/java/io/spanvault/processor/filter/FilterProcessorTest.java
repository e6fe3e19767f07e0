package io.spanvault.processor.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Counter;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import io.spanvault.processor.matching.MatchProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterProcessorTest {
    private final Telemetry telemetry = new Telemetry();
    private final ComponentContext context = new ComponentContext(ComponentKind.PROCESSOR,
            ComponentId.parse("filter/health"), telemetry);
    private final CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);

    private void run(FilterConfig config, ExportTraceServiceRequest request) {
        new FilterProcessorFactory().create(context, config, Signal.TRACES, out).consume(request)
                .toCompletableFuture().join();
    }

    private long droppedCount() {
        Counter c = telemetry.counter("otelcol_processor_filter_spans_filtered", "",
                Labels.of("processor", "filter/health"));
        return c.value();
    }

    private static List<String> names(ExportTraceServiceRequest request) {
        return request.getResourceSpansList().stream().flatMap(rs -> rs.getScopeSpansList().stream())
                .flatMap(ss -> ss.getSpansList().stream()).map(Span::getName).toList();
    }

    @Test
    void conditionsDropMatchingSpansAndCountThem() {
        FilterConfig config = new FilterConfig(null, null, new TraceConditionsConfig(
                List.of("attributes[\"http.route\"] == \"/api/op-0\"", "name == \"op-2\""), null));
        run(config, TestTraces.request("checkout", 4));
        assertEquals(List.of("op-1"), names(out.received().get(0)));
        assertEquals(3, droppedCount());
    }

    @Test
    void aRequestWithNothingLeftIsAcceptedButNotPassedOn() {
        FilterConfig config = new FilterConfig("propagate", null,
                new TraceConditionsConfig(List.of("resource.attributes[\"service.name\"] == \"checkout\""), null));
        run(config, TestTraces.request("checkout", 2));
        assertTrue(out.received().isEmpty());
    }

    @Test
    void emptiedResourceGroupsAreRemovedAndOthersKeptAsTheyAre() {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addAllResourceSpans(TestTraces.request("health-checker", 2).getResourceSpansList())
                .addAllResourceSpans(TestTraces.request("checkout", 2, 2).getResourceSpansList()).build();
        FilterConfig config = new FilterConfig(null, null,
                new TraceConditionsConfig(List.of("IsMatch(resource.attributes[\"service.name\"], \"^health\")"), null));
        run(config, request);
        ExportTraceServiceRequest kept = out.received().get(0);
        assertEquals(1, kept.getResourceSpansCount());
        assertSame(request.getResourceSpans(1), kept.getResourceSpans(0));
    }

    @Test
    void spanEventConditionsDropOnlyEvents() {
        Span span = TestTraces.request("checkout", 1).getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
                .addEvents(Span.Event.newBuilder().setName("cache.miss"))
                .addEvents(Span.Event.newBuilder().setName("exception")).build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(
                TestTraces.request("checkout", 0).getResourceSpans(0).toBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
        run(new FilterConfig(null, null, new TraceConditionsConfig(null, List.of("name == \"cache.miss\""))), request);
        Span kept = out.received().get(0).getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertEquals(1, kept.getEventsCount());
        assertEquals("exception", kept.getEvents(0).getName());
        assertEquals(0, droppedCount());
    }

    @Test
    void olderIncludeExcludeForm() {
        MatchProperties include = new MatchProperties("strict", List.of("checkout"), null, null, null, null, null);
        MatchProperties exclude = new MatchProperties("regexp", null, List.of("op-1"), null, null, null, null);
        run(new FilterConfig(null, new SpansMatchConfig(include, exclude), null), TestTraces.request("checkout", 3));
        assertEquals(List.of("op-0", "op-2"), names(out.received().get(0)));
        out.clear();
        run(new FilterConfig(null, new SpansMatchConfig(include, exclude), null), TestTraces.request("cart", 3));
        assertTrue(out.received().isEmpty(), "spans outside include are dropped");
    }

    @Test
    void withoutFiltersTheRequestPassesUntouched() {
        ExportTraceServiceRequest request = TestTraces.request("checkout", 2);
        run(new FilterProcessorFactory().defaultConfig(), request);
        assertSame(request, out.received().get(0));
    }

    @Test
    void configErrorsNameTheExpressionAndKey() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> new TraceConditionsConfig(
                List.of("name == \"a\"", "Substring(name, 0, 3) == \"GET\""), null));
        assertEquals("span.1", e.key());
        assertTrue(e.getMessage().contains("Substring(name, 0, 3) == \"GET\""), e.getMessage());
        assertEquals("spanevent.0", assertThrows(InvalidConfigException.class,
                () -> new TraceConditionsConfig(null, List.of("bogus == 1"))).key());
        assertEquals("error_mode", assertThrows(InvalidConfigException.class,
                () -> new FilterConfig("explode", null, null)).key());
        assertEquals("traces", assertThrows(InvalidConfigException.class, () -> new FilterConfig(null,
                new SpansMatchConfig(null, null), new TraceConditionsConfig(null, null))).key());
        assertEquals(ErrorMode.SILENT, new FilterConfig("silent", null, null).mode());
        assertEquals(ErrorMode.IGNORE, new FilterConfig(null, null, null).mode());
    }
}
