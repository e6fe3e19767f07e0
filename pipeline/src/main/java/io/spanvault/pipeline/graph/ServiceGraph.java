package io.spanvault.pipeline.graph;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.Component;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentFactory;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.component.Connector;
import io.spanvault.pipeline.component.ConnectorFactory;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.ExtensionFactory;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.component.Receiver;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.component.ReceiverFactory;
import io.spanvault.pipeline.consumer.FanoutConsumer;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running shape of a service: components created from a {@link ServiceSpec} and wired into
 * pipelines. Receivers fan in (a receiver listed by several pipelines feeds all of them), processors chain
 * (one instance per pipeline), exporters fan out (one instance per id and signal, shared by pipelines).
 * Connectors join pipelines: one instance per connector id and pair of signals, fed by the pipelines that
 * export to it and feeding those that receive from it. Starts extensions, then exporters, then connectors
 * and processors from the exporters' side back, then receivers, so nothing receives data before its
 * consumers run; stops in the reverse order so accepted data drains.
 */
public final class ServiceGraph implements Host {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceGraph.class);

    private record Created(ComponentKind kind, ComponentId id, Component component) {
    }

    private final List<Created> extensions = new ArrayList<>();
    private final List<Created> exporters = new ArrayList<>();
    /** Processors and connectors in start order: each before whatever feeds it. */
    private final List<Created> stages = new ArrayList<>();
    private final List<Created> receivers = new ArrayList<>();
    private final List<Created> started = new ArrayList<>();
    private boolean prepared;
    /** Per receiver and signal, the exporters its pipelines end in. */
    private final Map<ComponentId, Map<Signal<?>, List<Exporter<?>>>> exportersByReceiver = new LinkedHashMap<>();

    private ServiceGraph() {
    }

    /** Creates every component (none is started). Throws if a component does not support a signal. */
    public static ServiceGraph build(ServiceSpec spec, ComponentRegistry registry, Telemetry telemetry) {
        ServiceGraph graph = new ServiceGraph();
        new Builder(spec, registry, telemetry, graph).build();
        return graph;
    }

    /** The component groups in the order they start. */
    private List<List<Created>> startOrder() {
        return List.of(extensions, exporters, stages, receivers);
    }

    /**
     * Lets every component begin its {@link Component#prepare() ahead-of-start work}; {@link #start()} does so
     * itself if this was not called. Calling it before starting other parts of a service overlaps them too.
     */
    public void prepare() {
        if (prepared) {
            return;
        }
        prepared = true;
        for (List<Created> group : startOrder()) {
            for (Created c : group) {
                try {
                    c.component().prepare();
                } catch (RuntimeException e) {
                    // only a head start: start() meets and reports the same problem
                    LOG.debug("preparing {} '{}' failed", c.kind().label(), c.id(), e);
                }
            }
        }
    }

    /**
     * Starts every component; if one fails, stops those already started and throws a
     * {@link ComponentStartException} naming the component that failed.
     */
    public void start() throws ComponentStartException {
        prepare();
        Created trying = null;
        try {
            for (List<Created> group : startOrder()) {
                for (Created c : group) {
                    trying = c;
                    c.component().start(this);
                    started.add(c);
                }
            }
        } catch (Exception e) {
            shutdown(Duration.ofSeconds(5));
            String component = trying == null ? "the service" : trying.kind().label() + " '" + trying.id() + "'";
            throw new ComponentStartException(component, e);
        }
        for (Created c : extensions) {
            ((Extension) c.component()).ready();
        }
    }

    /**
     * Stops receivers taking data first, then closes processors and connectors (flushing, upstream first),
     * exporters (draining), the receivers (answering what the flush delivered) and extensions. Returns false
     * when the whole shutdown did not finish within {@code timeout}; what is left keeps running on a daemon
     * thread and dies with the process.
     */
    public boolean shutdown(Duration timeout) {
        Thread stopper = new Thread(this::stopAll, "spanvault-shutdown");
        stopper.setDaemon(true);
        stopper.start();
        try {
            stopper.join(TimeUnit.NANOSECONDS.toMillis(timeout.toNanos()) + 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopper.isAlive()) {
            LOG.warn("shutdown did not finish within {}", timeout);
            return false;
        }
        return true;
    }

    private void stopAll() {
        for (Created c : extensions) {
            if (started.contains(c)) {
                ((Extension) c.component()).notReady();
            }
        }
        for (Created c : receivers) {
            if (started.contains(c)) {
                try {
                    ((Receiver) c.component()).stopAccepting();
                } catch (RuntimeException e) {
                    LOG.warn("stopping {} '{}' from taking data failed", c.kind().label(), c.id(), e);
                }
            }
        }
        // Receivers close after the flush: a caller waiting for its batch gets the flush's answer, not a cut-off.
        List<Created> order = new ArrayList<>(reversed(stages));
        order.addAll(exporters);
        order.addAll(receivers);
        order.addAll(reversed(extensions));
        for (Created c : order) {
            if (!started.remove(c)) {
                continue;
            }
            try {
                c.component().close();
            } catch (RuntimeException e) {
                LOG.warn("stopping {} '{}' failed", c.kind().label(), c.id(), e);
            }
        }
    }

    private static List<Created> reversed(List<Created> list) {
        List<Created> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    @Override
    public <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type) {
        for (List<Created> group : startOrder()) {
            for (Created c : group) {
                if (c.kind() == kind && c.id().equals(id) && type.isInstance(c.component())) {
                    return Optional.of(type.cast(c.component()));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public <T> List<T> components(ComponentKind kind, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (List<Created> group : startOrder()) {
            for (Created c : group) {
                if (c.kind() == kind && type.isInstance(c.component()) && !found.contains(type.cast(c.component()))) {
                    found.add(type.cast(c.component()));
                }
            }
        }
        return found;
    }

    @Override
    public <T> List<T> exportersFedBy(ComponentId receiver, Signal<?> signal, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Exporter<?> e : exportersByReceiver.getOrDefault(receiver, Map.of()).getOrDefault(signal, List.of())) {
            if (type.isInstance(e) && !found.contains(type.cast(e))) {
                found.add(type.cast(e));
            }
        }
        return found;
    }

    /** Creates components pipeline by pipeline, from the exporters backwards. */
    private static final class Builder {
        private final ServiceSpec spec;
        private final ComponentRegistry registry;
        private final Telemetry telemetry;
        private final ServiceGraph graph;
        private final Map<String, Exporter<?>> exportersBySignal = new LinkedHashMap<>();
        private final Map<ComponentId, Map<Signal<?>, List<SignalConsumer<?>>>> receiverTargets = new LinkedHashMap<>();
        private final Map<PipelineId, SignalConsumer<?>> heads = new LinkedHashMap<>();
        private final Map<String, Connector<?>> connectorsBySignals = new LinkedHashMap<>();
        private ConnectorRoutes routes;

        Builder(ServiceSpec spec, ComponentRegistry registry, Telemetry telemetry, ServiceGraph graph) {
            this.spec = spec;
            this.registry = registry;
            this.telemetry = telemetry;
            this.graph = graph;
        }

        void build() {
            for (ComponentId id : spec.extensions()) {
                ExtensionFactory<Object> factory = factory(ComponentKind.EXTENSION, id);
                Extension extension = factory.create(context(ComponentKind.EXTENSION, id),
                        spec.config(ComponentKind.EXTENSION, id));
                graph.extensions.add(new Created(ComponentKind.EXTENSION, id, extension));
            }
            routes = ConnectorRoutes.of(spec.pipelines(), connectorSupport());
            if (!routes.problems().isEmpty()) {
                ConnectorRoutes.Problem problem = routes.problems().get(0);
                throw new IllegalArgumentException(problem.connector() == null ? problem.message()
                        : "connectors." + problem.connector() + ": " + problem.message());
            }
            for (PipelineId pipelineId : routes.downstreamFirst()) {
                buildPipeline(pipelineId.signal(), pipelineId, spec.pipelines().get(pipelineId));
            }
            receiverTargets.forEach(this::createReceiver);
        }

        private Map<ComponentId, BiPredicate<Signal<?>, Signal<?>>> connectorSupport() {
            Map<ComponentId, BiPredicate<Signal<?>, Signal<?>>> support = new LinkedHashMap<>();
            for (ComponentId id : spec.components().get(ComponentKind.CONNECTOR).keySet()) {
                ConnectorFactory<Object> factory = factory(ComponentKind.CONNECTOR, id);
                support.put(id, factory::supports);
            }
            return support;
        }

        private boolean isConnector(ComponentId id) {
            return spec.components().get(ComponentKind.CONNECTOR).containsKey(id);
        }

        private <T extends Message> void buildPipeline(Signal<T> signal, PipelineId pipelineId, PipelineSpec pipeline) {
            List<SignalConsumer<T>> exporters = new ArrayList<>();
            for (ComponentId id : pipeline.exporters()) {
                if (isConnector(id)) {
                    exporters.addAll(connectors(signal, id));
                } else {
                    exporters.add(exporter(signal, pipelineId, id));
                }
            }
            SignalConsumer<T> next = FanoutConsumer.of(exporters);
            List<Created> chain = new ArrayList<>();
            for (int i = pipeline.processors().size() - 1; i >= 0; i--) {
                ComponentId id = pipeline.processors().get(i);
                ProcessorFactory<Object> factory = factory(ComponentKind.PROCESSOR, id);
                requireSignal(factory.signals(), signal, ComponentKind.PROCESSOR, id, pipelineId);
                Processor<T> processor = factory.create(context(ComponentKind.PROCESSOR, id),
                        spec.config(ComponentKind.PROCESSOR, id), signal, next);
                chain.add(0, new Created(ComponentKind.PROCESSOR, id, processor));
                next = processor;
            }
            // Processors closer to the exporters start first and stop last, so a flush has somewhere to go.
            graph.stages.addAll(reversed(chain));
            heads.put(pipelineId, next);
            for (ComponentId id : pipeline.receivers()) {
                if (isConnector(id)) {
                    continue;
                }
                receiverTargets.computeIfAbsent(id, k -> new LinkedHashMap<>())
                        .computeIfAbsent(signal, k -> new ArrayList<>()).add(next);
                for (SignalConsumer<T> exporter : exporters) {
                    // Connectors are no exporters: what lies beyond them is not this receiver's to see.
                    if (exporter instanceof Exporter<?> e) {
                        graph.exportersByReceiver.computeIfAbsent(id, k -> new LinkedHashMap<>())
                                .computeIfAbsent(signal, k -> new ArrayList<>()).add(e);
                    }
                }
            }
        }

        @SuppressWarnings("unchecked")
        private <T extends Message> Exporter<T> exporter(Signal<T> signal, PipelineId pipelineId, ComponentId id) {
            String key = id + " " + signal.name();
            Exporter<?> existing = exportersBySignal.get(key);
            if (existing != null) {
                return (Exporter<T>) existing;
            }
            ExporterFactory<Object> factory = factory(ComponentKind.EXPORTER, id);
            requireSignal(factory.signals(), signal, ComponentKind.EXPORTER, id, pipelineId);
            Exporter<T> exporter = factory.create(context(ComponentKind.EXPORTER, id),
                    spec.config(ComponentKind.EXPORTER, id), signal);
            exportersBySignal.put(key, exporter);
            graph.exporters.add(new Created(ComponentKind.EXPORTER, id, exporter));
            return exporter;
        }

        /** The instances of connector {@code id} fed by {@code signal}: one per signal it emits to pipelines. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private <T extends Message> List<Connector<T>> connectors(Signal<T> signal, ComponentId id) {
            Map<Signal<?>, List<SignalConsumer<?>>> bySignal = new LinkedHashMap<>();
            for (PipelineId receiving : routes.receivers(id, signal)) {
                bySignal.computeIfAbsent(receiving.signal(), k -> new ArrayList<>()).add(heads.get(receiving));
            }
            List<Connector<T>> out = new ArrayList<>();
            bySignal.forEach((received, targets) -> {
                String key = id + " " + signal.name() + " " + received.name();
                Connector<T> connector = (Connector<T>) connectorsBySignals.get(key);
                if (connector == null) {
                    ConnectorFactory<Object> factory = factory(ComponentKind.CONNECTOR, id);
                    connector = factory.create(context(ComponentKind.CONNECTOR, id),
                            spec.config(ComponentKind.CONNECTOR, id), signal, (Signal) received,
                            FanoutConsumer.of((List) targets));
                    connectorsBySignals.put(key, connector);
                    graph.stages.add(new Created(ComponentKind.CONNECTOR, id, connector));
                }
                out.add(connector);
            });
            return out;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void createReceiver(ComponentId id, Map<Signal<?>, List<SignalConsumer<?>>> targets) {
            ReceiverFactory<Object> factory = factory(ComponentKind.RECEIVER, id);
            Map<Signal<?>, SignalConsumer<?>> consumers = new LinkedHashMap<>();
            targets.forEach((signal, heads) -> {
                if (!factory.signals().contains(signal)) {
                    throw new IllegalArgumentException("receiver '" + id + "' does not support " + signal.name());
                }
                consumers.put(signal, FanoutConsumer.of((List) heads));
            });
            Receiver receiver = factory.create(context(ComponentKind.RECEIVER, id),
                    spec.config(ComponentKind.RECEIVER, id), new ReceiverConsumers(consumers));
            graph.receivers.add(new Created(ComponentKind.RECEIVER, id, receiver));
        }

        private static void requireSignal(List<Signal<?>> supported, Signal<?> signal, ComponentKind kind,
                ComponentId id, PipelineId pipelineId) {
            if (!supported.contains(signal)) {
                throw new IllegalArgumentException("pipeline '" + pipelineId + "': " + kind.label() + " '" + id
                        + "' does not support " + signal.name());
            }
        }

        @SuppressWarnings("unchecked")
        private <F extends ComponentFactory<?>> F factory(ComponentKind kind, ComponentId id) {
            return (F) registry.find(kind, id.type()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown " + kind.label() + " type '" + id.type() + "'"));
        }

        private ComponentContext context(ComponentKind kind, ComponentId id) {
            return new ComponentContext(kind, id, telemetry);
        }
    }
}
