package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanvault.pipeline.component.ComponentFactory;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ConnectorFactory;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.component.ReceiverFactory;
import io.spanvault.pipeline.graph.ConnectorRoutes;
import io.spanvault.pipeline.graph.PipelineId;
import io.spanvault.pipeline.graph.PipelineSpec;
import io.spanvault.pipeline.signal.Signal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Reads {@code service}: the extensions to run, the pipelines and the telemetry settings, and checks every
 * id they mention against the component sections. A pipeline's receivers and exporters may name connectors,
 * whose use is checked as the Collector checks it ({@link ConnectorRoutes}).
 */
final class ServiceSectionReader {
    private static final List<String> SERVICE_KEYS = List.of("extensions", "pipelines", "telemetry");

    /** What {@code service} says, valid only when the reporter holds no errors. */
    record Service(List<ComponentId> extensions, Map<PipelineId, PipelineSpec> pipelines, TelemetrySettings telemetry) {
    }

    private final ComponentBinder binder;

    ServiceSectionReader(ComponentBinder binder) {
        this.binder = binder;
    }

    Service read(ObjectNode root, Map<ComponentKind, Map<ComponentId, ComponentSections.Defined>> defined,
            ProblemReporter problems) {
        KeyPath at = KeyPath.of("service");
        JsonNode service = root.get("service");
        if (service == null || service.isNull()) {
            problems.error(at, "missing; it must list the pipelines to run");
            return new Service(List.of(), Map.of(), TelemetrySettings.DEFAULT);
        }
        if (!service.isObject()) {
            problems.error(at, "expected a map of keys, got " + ValueDescriptions.got(service));
            return new Service(List.of(), Map.of(), TelemetrySettings.DEFAULT);
        }
        service.fieldNames().forEachRemaining(key -> {
            if (!SERVICE_KEYS.contains(key)) {
                problems.error(at.child(key), "unknown key '" + key + "' (known: " + String.join(", ", SERVICE_KEYS) + ")");
            }
        });
        Set<ComponentRef> used = new HashSet<>();
        List<ComponentId> extensions = readExtensions(service.get("extensions"), at.child("extensions"),
                defined.get(ComponentKind.EXTENSION), used, problems);
        Map<PipelineId, PipelineSpec> pipelines = readPipelines(service.get("pipelines"), at.child("pipelines"),
                defined, used, !extensions.isEmpty(), problems);
        checkConnectorRoutes(pipelines, defined.get(ComponentKind.CONNECTOR), at.child("pipelines"), problems);
        TelemetrySettings telemetry = binder.bind(service.get("telemetry"), TelemetrySettings.class,
                at.child("telemetry"), problems).orElse(TelemetrySettings.DEFAULT);
        reportUnused(defined, used, problems);
        return new Service(extensions, pipelines, telemetry);
    }

    private record ComponentRef(ComponentKind kind, ComponentId id) {
        // written out for start-up, as ComponentId's
        @Override
        public boolean equals(Object other) {
            return other instanceof ComponentRef ref && kind == ref.kind && id.equals(ref.id);
        }

        @Override
        public int hashCode() {
            return 31 * kind.hashCode() + id.hashCode();
        }
    }

    private List<ComponentId> readExtensions(JsonNode node, KeyPath at, Map<ComponentId, ComponentSections.Defined> defined,
            Set<ComponentRef> used, ProblemReporter problems) {
        List<ComponentId> extensions = new ArrayList<>();
        for (ComponentId id : ids(node, at, problems)) {
            if (!defined.containsKey(id)) {
                problems.error(at, undefined(ComponentKind.EXTENSION, id, defined));
            } else if (!used.add(new ComponentRef(ComponentKind.EXTENSION, id))) {
                problems.error(at, "lists extension '" + id + "' twice");
            } else {
                extensions.add(id);
            }
        }
        return extensions;
    }

    private Map<PipelineId, PipelineSpec> readPipelines(JsonNode node, KeyPath at,
            Map<ComponentKind, Map<ComponentId, ComponentSections.Defined>> defined, Set<ComponentRef> used,
            boolean hasExtensions, ProblemReporter problems) {
        Map<PipelineId, PipelineSpec> pipelines = new LinkedHashMap<>();
        if (node == null || node.isNull() || (node.isObject() && node.isEmpty())) {
            // a service of extensions only (the query role: API and UI over a shared store) runs no pipeline
            if (!hasExtensions) {
                problems.error(at, "no pipelines defined; the service needs at least one");
            }
            return pipelines;
        }
        if (!node.isObject()) {
            problems.error(at, "expected a map of pipeline ids (traces, metrics/2, ...), got " + ValueDescriptions.got(node));
            return pipelines;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            KeyPath pipelineAt = at.child(field.getKey());
            PipelineId id;
            try {
                id = PipelineId.parse(field.getKey());
            } catch (IllegalArgumentException e) {
                problems.error(pipelineAt, e.getMessage());
                continue;
            }
            binder.bind(field.getValue(), PipelineSection.class, pipelineAt, problems).ifPresent(section -> {
                List<ComponentId> receivers = references(ComponentKind.RECEIVER, section.receivers(), id.signal(),
                        pipelineAt.child("receivers"), defined, used, problems);
                List<ComponentId> processors = references(ComponentKind.PROCESSOR, section.processors(), id.signal(),
                        pipelineAt.child("processors"), defined, used, problems);
                List<ComponentId> exporters = references(ComponentKind.EXPORTER, section.exporters(), id.signal(),
                        pipelineAt.child("exporters"), defined, used, problems);
                pipelines.put(id, new PipelineSpec(receivers, processors, exporters));
            });
        }
        return pipelines;
    }

    private List<ComponentId> references(ComponentKind kind, List<String> written, Signal<?> signal, KeyPath at,
            Map<ComponentKind, Map<ComponentId, ComponentSections.Defined>> defined, Set<ComponentRef> used,
            ProblemReporter problems) {
        List<ComponentId> ids = new ArrayList<>();
        for (String text : written) {
            ComponentId id;
            try {
                id = ComponentId.parse(text);
            } catch (IllegalArgumentException e) {
                problems.error(at, e.getMessage());
                continue;
            }
            ComponentSections.Defined connector = kind == ComponentKind.PROCESSOR ? null
                    : defined.get(ComponentKind.CONNECTOR).get(id);
            if (connector != null) {
                if (defined.get(kind).containsKey(id)) {
                    problems.error(at, "ambiguous id '" + id + "': both " + kind.label() + " '" + id + "' and connector '"
                            + id + "' are defined; rename one of them");
                    continue;
                }
                if (ids.contains(id)) {
                    problems.error(at, "lists connector '" + id + "' twice");
                    continue;
                }
                used.add(new ComponentRef(ComponentKind.CONNECTOR, id));
                ids.add(id);
                continue;
            }
            ComponentSections.Defined component = defined.get(kind).get(id);
            if (component == null) {
                problems.error(at, undefined(kind, id, defined.get(kind)));
                continue;
            }
            if (ids.contains(id)) {
                problems.error(at, "lists " + kind.label() + " '" + id + "' twice");
                continue;
            }
            if (component.factory() != null && !signals(component.factory()).contains(signal)) {
                problems.error(at, kind.label() + " '" + id + "' does not support " + signal.name());
            }
            used.add(new ComponentRef(kind, id));
            ids.add(id);
        }
        return ids;
    }

    /** Connector misuse: a connector used on one side only, without a supported counterpart, or in a cycle. */
    private static void checkConnectorRoutes(Map<PipelineId, PipelineSpec> pipelines,
            Map<ComponentId, ComponentSections.Defined> connectors, KeyPath pipelinesAt, ProblemReporter problems) {
        Map<ComponentId, BiPredicate<Signal<?>, Signal<?>>> support = new LinkedHashMap<>();
        connectors.forEach((id, connector) -> {
            if (connector.factory() instanceof ConnectorFactory<?> factory) {
                support.put(id, factory::supports);
            }
        });
        for (ConnectorRoutes.Problem problem : ConnectorRoutes.of(pipelines, support).problems()) {
            problems.error(problem.connector() == null ? pipelinesAt
                    : KeyPath.of(ComponentKind.CONNECTOR.section(), problem.connector().toString()), problem.message());
        }
    }

    private static List<Signal<?>> signals(ComponentFactory<?> factory) {
        if (factory instanceof ReceiverFactory<?> receiver) {
            return receiver.signals();
        }
        if (factory instanceof ProcessorFactory<?> processor) {
            return processor.signals();
        }
        if (factory instanceof ExporterFactory<?> exporter) {
            return exporter.signals();
        }
        return List.of();
    }

    private static List<ComponentId> ids(JsonNode node, KeyPath at, ProblemReporter problems) {
        List<ComponentId> ids = new ArrayList<>();
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray()) {
            problems.error(at, "expected a list of component ids, got " + ValueDescriptions.got(node));
            return ids;
        }
        for (JsonNode element : node) {
            try {
                if (!element.isTextual()) {
                    throw new IllegalArgumentException("expected a component id, got " + ValueDescriptions.got(element));
                }
                ids.add(ComponentId.parse(element.textValue()));
            } catch (IllegalArgumentException e) {
                problems.error(at, e.getMessage());
            }
        }
        return ids;
    }

    private static String undefined(ComponentKind kind, ComponentId id, Map<ComponentId, ?> defined) {
        boolean connectorSlot = kind == ComponentKind.RECEIVER || kind == ComponentKind.EXPORTER;
        return "references " + kind.label() + " '" + id + "', which is not defined under " + kind.section()
                + (connectorSlot ? " or connectors" : "")
                + (defined.isEmpty() ? "" : " (defined: " + String.join(", ", defined.keySet().stream()
                        .map(ComponentId::toString).toList()) + ")");
    }

    private static void reportUnused(Map<ComponentKind, Map<ComponentId, ComponentSections.Defined>> defined,
            Set<ComponentRef> used, ProblemReporter problems) {
        defined.forEach((kind, components) -> components.forEach((id, component) -> {
            if (component.factory() == null || used.contains(new ComponentRef(kind, id))) {
                return;
            }
            KeyPath at = KeyPath.of(kind.section(), id.toString());
            switch (kind) {
                case RECEIVER -> problems.warning(at, "receiver is not used by any pipeline, so it does not run");
                case EXTENSION -> problems.warning(at, "extension is not listed in service.extensions, so it does not run");
                case CONNECTOR -> problems.warning(at, "connector is not used by any pipeline, so it does not run");
                default -> problems.error(at, kind.label() + " is not used by any pipeline");
            }
        }));
    }
}
