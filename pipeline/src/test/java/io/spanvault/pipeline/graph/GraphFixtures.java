package io.spanvault.pipeline.graph;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ExporterFactory;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.component.ProcessorFactory;
import io.spanvault.pipeline.component.Receiver;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.component.ReceiverFactory;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.testkit.TestTraces;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Small real components for graph tests: a receiver the test pushes into, a processor that stamps the
 * pipeline it ran in, an exporter that records what reached it; all log their lifecycle to one list.
 */
final class GraphFixtures {
    final List<String> lifecycle = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, PushReceiver> receivers = new ConcurrentHashMap<>();
    final Map<String, List<RecordingExporter<?>>> exporters = new ConcurrentHashMap<>();

    record NoConfig() {
    }

    record StampConfig(String stamp) {
    }

    final class PushReceiver implements Receiver {
        final String id;
        final ReceiverConsumers consumers;

        PushReceiver(String id, ReceiverConsumers consumers) {
            this.id = id;
            this.consumers = consumers;
        }

        void push(String service) {
            SignalConsumer<ExportTraceServiceRequest> next = consumers.get(Signal.TRACES).orElseThrow();
            next.consume(TestTraces.request(service, 1)).toCompletableFuture().join();
        }

        @Override
        public void prepare() {
            lifecycle.add("prepare receiver " + id);
        }

        @Override
        public void start(Host host) {
            lifecycle.add("start receiver " + id);
        }

        @Override
        public void stopAccepting() {
            lifecycle.add("stop accepting receiver " + id);
        }

        @Override
        public void close() {
            lifecycle.add("stop receiver " + id);
        }
    }

    final class RecordingExporter<T extends Message> implements Exporter<T> {
        final String id;
        final List<T> received = new java.util.concurrent.CopyOnWriteArrayList<>();

        RecordingExporter(String id) {
            this.id = id;
        }

        @Override
        public CompletionStage<Void> consume(T data) {
            received.add(data);
            return CompletableFuture.completedFuture(null);
        }

        /** One named {@code record/unprepared} fails here, as a backend that cannot begin early would. */
        @Override
        public void prepare() {
            lifecycle.add("prepare exporter " + id);
            if (id.endsWith("/unprepared")) {
                throw new IllegalStateException("cannot prepare " + id);
            }
        }

        @Override
        public void start(Host host) {
            lifecycle.add("start exporter " + id);
        }

        @Override
        public void close() {
            lifecycle.add("stop exporter " + id);
        }
    }

    /** Appends the configured stamp to the span names, so a test sees which processors data went through. */
    final class StampProcessor implements Processor<ExportTraceServiceRequest> {
        final String id;
        final String stamp;
        final SignalConsumer<ExportTraceServiceRequest> next;

        StampProcessor(String id, String stamp, SignalConsumer<ExportTraceServiceRequest> next) {
            this.id = id;
            this.stamp = stamp;
            this.next = next;
        }

        @Override
        public CompletionStage<Void> consume(ExportTraceServiceRequest data) {
            ExportTraceServiceRequest.Builder b = data.toBuilder();
            b.getResourceSpansBuilderList().forEach(rs -> rs.getScopeSpansBuilderList().forEach(ss ->
                    ss.getSpansBuilderList().forEach(span -> span.setName(span.getName() + "|" + stamp))));
            return next.consume(b.build());
        }

        @Override
        public void start(Host host) {
            lifecycle.add("start processor " + id);
        }

        @Override
        public void close() {
            lifecycle.add("stop processor " + id);
        }
    }

    List<io.spanvault.pipeline.component.ComponentFactory<?>> factories() {
        return List.of(new ReceiverFactory<NoConfig>() {
            @Override
            public String type() {
                return "push";
            }

            @Override
            public Class<NoConfig> configType() {
                return NoConfig.class;
            }

            @Override
            public NoConfig defaultConfig() {
                return new NoConfig();
            }

            @Override
            public Receiver create(ComponentContext context, NoConfig config, ReceiverConsumers consumers) {
                PushReceiver r = new PushReceiver(context.id().toString(), consumers);
                receivers.put(r.id, r);
                return r;
            }
        }, new ProcessorFactory<StampConfig>() {
            @Override
            public String type() {
                return "stamp";
            }

            @Override
            public List<Signal<?>> signals() {
                return List.of(Signal.TRACES);
            }

            @Override
            public Class<StampConfig> configType() {
                return StampConfig.class;
            }

            @Override
            public StampConfig defaultConfig() {
                return new StampConfig("x");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T extends Message> Processor<T> create(ComponentContext context, StampConfig config,
                    Signal<T> signal, SignalConsumer<T> next) {
                return (Processor<T>) new StampProcessor(context.id().toString(), config.stamp(),
                        (SignalConsumer<ExportTraceServiceRequest>) next);
            }
        }, new ExporterFactory<NoConfig>() {
            @Override
            public String type() {
                return "record";
            }

            @Override
            public Class<NoConfig> configType() {
                return NoConfig.class;
            }

            @Override
            public NoConfig defaultConfig() {
                return new NoConfig();
            }

            @Override
            public <T extends Message> Exporter<T> create(ComponentContext context, NoConfig config, Signal<T> signal) {
                RecordingExporter<T> e = new RecordingExporter<>(context.id().toString());
                exporters.computeIfAbsent(e.id, k -> new ArrayList<>()).add(e);
                return e;
            }
        });
    }

    /** The span names that reached the exporter with this id (every signal instance). */
    List<String> spanNamesAt(String exporterId) {
        List<String> names = new ArrayList<>();
        for (RecordingExporter<?> e : exporters.getOrDefault(exporterId, List.of())) {
            for (Object data : e.received) {
                if (data instanceof ExportTraceServiceRequest request) {
                    request.getResourceSpansList().forEach(rs -> rs.getScopeSpansList().forEach(ss ->
                            ss.getSpansList().forEach(span -> names.add(
                                    rs.getResource().getAttributes(0).getValue().getStringValue() + ":"
                                            + span.getName()))));
                }
            }
        }
        return names;
    }
}
