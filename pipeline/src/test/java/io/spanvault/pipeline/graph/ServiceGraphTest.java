package io.spanvault.pipeline.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceGraphTest {
    private final GraphFixtures fixtures = new GraphFixtures();
    private final ComponentRegistry registry = new ComponentRegistry(fixtures.factories());

    @Test
    void receiversFanInProcessorsChainExportersFanOut() throws Exception {
        ServiceGraph graph = build(Map.of(
                "traces", new PipelineSpec(ids("push/a", "push/b"), ids("stamp/1", "stamp/2"), ids("record/x", "record/y"))));
        graph.start();

        fixtures.receivers.get("push/a").push("from-a");
        fixtures.receivers.get("push/b").push("from-b");

        List<String> expected = List.of("from-a:op-0|one|two", "from-b:op-0|one|two");
        assertEquals(expected, fixtures.spanNamesAt("record/x"));
        assertEquals(expected, fixtures.spanNamesAt("record/y"));
        graph.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void aReceiverInTwoPipelinesFeedsBothWithTheirOwnProcessors() throws Exception {
        Map<String, PipelineSpec> pipelines = new LinkedHashMap<>();
        pipelines.put("traces/first", new PipelineSpec(ids("push"), ids("stamp/1"), ids("record/x")));
        pipelines.put("traces/second", new PipelineSpec(ids("push"), ids("stamp/2"), ids("record/x", "record/y")));
        ServiceGraph graph = build(pipelines);
        graph.start();

        fixtures.receivers.get("push").push("svc");

        assertEquals(1, fixtures.exporters.get("record/x").size(), "one exporter instance per id and signal");
        List<String> atX = fixtures.spanNamesAt("record/x");
        atX.sort(null);
        assertEquals(List.of("svc:op-0|one", "svc:op-0|two"), atX);
        assertEquals(List.of("svc:op-0|two"), fixtures.spanNamesAt("record/y"));
        assertEquals(1, fixtures.receivers.size());
        graph.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void startsFromTheExportersAndStopsFromTheReceivers() throws Exception {
        ServiceGraph graph = build(Map.of(
                "traces", new PipelineSpec(ids("push"), ids("stamp/1", "stamp/2"), ids("record"))));
        graph.start();
        assertTrue(graph.shutdown(Duration.ofSeconds(5)));

        assertEquals(List.of(
                "prepare exporter record", "prepare receiver push",
                "start exporter record", "start processor stamp/2", "start processor stamp/1", "start receiver push",
                "stop accepting receiver push", "stop processor stamp/1", "stop processor stamp/2",
                "stop exporter record", "stop receiver push"),
                fixtures.lifecycle, "the receiver closes after the flush, so callers get the flush's answer");
    }

    @Test
    void preparesEveryComponentOnceBeforeStartingAnyAndStartsDespiteAFailedPreparation() throws Exception {
        ServiceGraph graph = build(Map.of(
                "traces", new PipelineSpec(ids("push"), ids(), ids("record/unprepared", "record/b"))));
        graph.prepare();
        graph.start();

        assertEquals(List.of("prepare exporter record/unprepared", "prepare exporter record/b", "prepare receiver push",
                "start exporter record/unprepared", "start exporter record/b", "start receiver push"), fixtures.lifecycle,
                "prepared once although prepare() came before start(); a failed preparation is only a lost head start");
        graph.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void findsComponentsThroughTheHost() throws Exception {
        ServiceGraph graph = build(Map.of("traces", new PipelineSpec(ids("push"), ids(), ids("record"))));
        assertTrue(graph.component(ComponentKind.EXPORTER, ComponentId.parse("record"), GraphFixtures.RecordingExporter.class)
                .isPresent());
        assertTrue(graph.component(ComponentKind.EXPORTER, ComponentId.parse("push"), Object.class).isEmpty());
    }

    @Test
    void aReceiverFindsTheExportersItsPipelinesEndInOnce() {
        Map<String, PipelineSpec> pipelines = new LinkedHashMap<>();
        pipelines.put("traces/first", new PipelineSpec(ids("push/a"), ids("stamp/1"), ids("record/x")));
        pipelines.put("traces/second", new PipelineSpec(ids("push/a", "push/b"), ids(), ids("record/x", "record/y")));
        pipelines.put("traces/third", new PipelineSpec(ids("push/c"), ids(), ids("record/z")));
        ServiceGraph graph = build(pipelines);

        assertEquals(List.of(exporter("record/x"), exporter("record/y")),
                graph.exportersFedBy(ComponentId.parse("push/a"), Signal.TRACES, Object.class));
        assertEquals(List.of(exporter("record/x"), exporter("record/y")),
                graph.exportersFedBy(ComponentId.parse("push/b"), Signal.TRACES, Object.class));
        assertEquals(List.of(exporter("record/z")),
                graph.exportersFedBy(ComponentId.parse("push/c"), Signal.TRACES, Object.class));
        assertEquals(List.of(), graph.exportersFedBy(ComponentId.parse("push/a"), Signal.LOGS, Object.class));
        assertEquals(List.of(), graph.exportersFedBy(ComponentId.parse("push/a"), Signal.TRACES, String.class));
    }

    private Object exporter(String id) {
        return fixtures.exporters.get(id).get(0);
    }

    @Test
    void aProcessorThatLacksTheSignalIsAnErrorNamingThePipeline() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> build(Map.of(
                "logs", new PipelineSpec(ids("push"), ids("stamp/1"), ids("record")))));
        assertTrue(e.getMessage().contains("pipeline 'logs'") && e.getMessage().contains("stamp/1"), e.getMessage());
    }

    private ServiceGraph build(Map<String, PipelineSpec> pipelines) {
        Map<ComponentKind, Map<ComponentId, Object>> components = new LinkedHashMap<>();
        Map<PipelineId, PipelineSpec> byId = new LinkedHashMap<>();
        pipelines.forEach((id, spec) -> {
            byId.put(PipelineId.parse(id), spec);
            spec.receivers().forEach(r -> components.computeIfAbsent(ComponentKind.RECEIVER, k -> new LinkedHashMap<>())
                    .put(r, new GraphFixtures.NoConfig()));
            spec.processors().forEach(p -> components.computeIfAbsent(ComponentKind.PROCESSOR, k -> new LinkedHashMap<>())
                    .put(p, new GraphFixtures.StampConfig(p.name().equals("1") ? "one" : "two")));
            spec.exporters().forEach(e -> components.computeIfAbsent(ComponentKind.EXPORTER, k -> new LinkedHashMap<>())
                    .put(e, new GraphFixtures.NoConfig()));
        });
        return ServiceGraph.build(new ServiceSpec(components, List.of(), byId), registry, new Telemetry());
    }

    private static List<ComponentId> ids(String... ids) {
        return Arrays.stream(ids).map(ComponentId::parse).toList();
    }

    @Test
    void pipelineIdsNameTheirSignal() {
        assertEquals(Signal.LOGS, PipelineId.parse("logs/x").signal());
        assertThrows(IllegalArgumentException.class, () -> PipelineId.parse("profiles"));
    }
}
