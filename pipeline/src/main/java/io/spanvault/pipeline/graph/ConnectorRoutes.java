package io.spanvault.pipeline.graph;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.signal.Signal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * How connectors join pipelines, checked as the Collector checks them: every connector is used both as an
 * exporter and as a receiver, each use has a supported counterpart (e.g. {@code spanmetrics} exported from
 * traces needs a metrics pipeline receiving it), and data never flows in a circle. Also gives the order in
 * which pipelines are built: a pipeline comes after every pipeline its connectors feed.
 */
public final class ConnectorRoutes {
    /** A misuse; {@code connector} is null for a cycle, which concerns several. */
    public record Problem(ComponentId connector, String message) {
    }

    private record Edge(PipelineId to, ComponentId connector) {
    }

    private final Map<PipelineId, PipelineSpec> pipelines;
    private final Map<ComponentId, BiPredicate<Signal<?>, Signal<?>>> connectors;
    private final Map<PipelineId, List<Edge>> edges = new LinkedHashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<PipelineId> downstreamFirst = new ArrayList<>();

    private ConnectorRoutes(Map<PipelineId, PipelineSpec> pipelines,
            Map<ComponentId, BiPredicate<Signal<?>, Signal<?>>> connectors) {
        this.pipelines = pipelines;
        this.connectors = connectors;
    }

    /**
     * Checks the pipelines' use of {@code connectors}, given for each connector id which pairs of (exported,
     * received) signals its type supports. Ids in the pipelines that are not connectors are left alone.
     */
    public static ConnectorRoutes of(Map<PipelineId, PipelineSpec> pipelines,
            Map<ComponentId, BiPredicate<Signal<?>, Signal<?>>> connectors) {
        ConnectorRoutes routes = new ConnectorRoutes(pipelines, connectors);
        routes.checkUses();
        if (routes.problems.isEmpty()) {
            routes.order();
        }
        return routes;
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** Every pipeline, each after the pipelines it feeds through connectors; empty when there are problems. */
    public List<PipelineId> downstreamFirst() {
        return List.copyOf(downstreamFirst);
    }

    /** The pipelines that receive from {@code connector} when it is exported by a pipeline of {@code exported}. */
    public List<PipelineId> receivers(ComponentId connector, Signal<?> exported) {
        List<PipelineId> out = new ArrayList<>();
        pipelines.forEach((id, pipeline) -> {
            if (pipeline.receivers().contains(connector) && connectors.get(connector).test(exported, id.signal())) {
                out.add(id);
            }
        });
        return out;
    }

    private void checkUses() {
        connectors.forEach((connector, supports) -> {
            List<PipelineId> asExporter = new ArrayList<>();
            List<PipelineId> asReceiver = new ArrayList<>();
            pipelines.forEach((id, pipeline) -> {
                if (pipeline.exporters().contains(connector)) {
                    asExporter.add(id);
                }
                if (pipeline.receivers().contains(connector)) {
                    asReceiver.add(id);
                }
            });
            if (asExporter.isEmpty() && asReceiver.isEmpty()) {
                return;
            }
            if (asExporter.isEmpty() || asReceiver.isEmpty()) {
                problems.add(new Problem(connector, "must be used as both receiver and exporter but is not used as "
                        + (asExporter.isEmpty() ? "exporter" : "receiver")));
                return;
            }
            checkSupported(connector, supports, asExporter, asReceiver);
            for (PipelineId from : asExporter) {
                for (PipelineId to : asReceiver) {
                    if (supports.test(from.signal(), to.signal())) {
                        edges.computeIfAbsent(from, k -> new ArrayList<>()).add(new Edge(to, connector));
                    }
                }
            }
        });
    }

    private void checkSupported(ComponentId connector, BiPredicate<Signal<?>, Signal<?>> supports,
            List<PipelineId> asExporter, List<PipelineId> asReceiver) {
        for (Signal<?> exported : signals(asExporter)) {
            if (signals(asReceiver).stream().noneMatch(received -> supports.test(exported, received))) {
                problems.add(new Problem(connector, "connector \"" + connector + "\" used as exporter in "
                        + names(asExporter, exported) + " pipeline but not used in any supported receiver pipeline"));
            }
        }
        for (Signal<?> received : signals(asReceiver)) {
            if (signals(asExporter).stream().noneMatch(exported -> supports.test(exported, received))) {
                problems.add(new Problem(connector, "connector \"" + connector + "\" used as receiver in "
                        + names(asReceiver, received) + " pipeline but not used in any supported exporter pipeline"));
            }
        }
    }

    private static Set<Signal<?>> signals(List<PipelineId> ids) {
        Set<Signal<?>> out = new LinkedHashSet<>();
        ids.forEach(id -> out.add(id.signal()));
        return out;
    }

    private static String names(List<PipelineId> ids, Signal<?> signal) {
        return ids.stream().filter(id -> id.signal() == signal).map(PipelineId::toString).toList().toString();
    }

    /** Depth-first over connector edges: a pipeline is placed once everything it feeds is; a back edge is a cycle. */
    private void order() {
        Map<PipelineId, Integer> state = new HashMap<>();
        for (PipelineId id : pipelines.keySet()) {
            List<Edge> path = new ArrayList<>();
            if (!visit(id, null, state, path)) {
                return;
            }
        }
    }

    private boolean visit(PipelineId id, Edge via, Map<PipelineId, Integer> state, List<Edge> path) {
        Integer seen = state.get(id);
        if (seen != null && seen == 2) {
            return true;
        }
        if (seen != null) {
            reportCycle(id, path);
            return false;
        }
        state.put(id, 1);
        for (Edge edge : edges.getOrDefault(id, List.of())) {
            path.add(new Edge(id, edge.connector()));
            path.add(edge);
            boolean ok = visit(edge.to(), edge, state, path);
            path.remove(path.size() - 1);
            path.remove(path.size() - 1);
            if (!ok) {
                return false;
            }
        }
        state.put(id, 2);
        downstreamFirst.add(id);
        return true;
    }

    /**
     * Names the cycle as the Collector does, starting and ending at a connector: {@code connector "forward"
     * (traces to traces) -> processor "batch" in pipeline "traces/2" -> connector "forward" (traces to traces)}.
     * {@code path} holds pairs (from pipeline, connector) and (to pipeline, connector).
     */
    private void reportCycle(PipelineId closing, List<Edge> path) {
        int start = 0;
        while (!path.get(start).to().equals(closing)) {
            start += 2;
        }
        List<String> steps = new ArrayList<>();
        for (int i = start; i < path.size(); i += 2) {
            PipelineId from = path.get(i).to();
            Edge edge = path.get(i + 1);
            steps.add("connector \"" + edge.connector() + "\" (" + from.signal() + " to " + edge.to().signal() + ")");
            for (ComponentId processor : pipelines.get(edge.to()).processors()) {
                steps.add("processor \"" + processor + "\" in pipeline \"" + edge.to() + "\"");
            }
        }
        steps.add(steps.get(0));
        problems.add(new Problem(null, "cycle detected: " + String.join(" -> ", steps)));
    }
}
