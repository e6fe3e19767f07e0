package io.spanvault.bench.kafka;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.exporter.otlpclient.TlsConfig;
import io.spanvault.exporter.sending.QueueConfig;
import io.spanvault.exporter.sending.RetryConfig;
import io.spanvault.exporter.store.StoreExporterConfig;
import io.spanvault.exporter.store.StoreExporterFactory;
import io.spanvault.kafka.client.SignalTopic;
import io.spanvault.kafka.exporter.KafkaExporterConfig;
import io.spanvault.kafka.exporter.KafkaExporterFactory;
import io.spanvault.kafka.exporter.ProducerSettings;
import io.spanvault.kafka.receiver.AutoCommit;
import io.spanvault.kafka.receiver.KafkaReceiver;
import io.spanvault.kafka.receiver.KafkaReceiverConfig;
import io.spanvault.kafka.receiver.KafkaReceiverFactory;
import io.spanvault.kafka.receiver.ReceiverTopics;
import io.spanvault.kafka.testkit.KafkaBroker;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Spans/s into the store along two paths in one run: direct (requests handed to the store exporter, as the
 * OTLP receiver does) and through Kafka (kafka exporter → a real broker in a child JVM → kafka receiver → store
 * exporter). Prints wall-clock throughput and CPU time per span (this process, and the broker's for the Kafka
 * path), since wall time means little on a shared machine.
 *
 * <pre>
 * java $FLAGS -cp bench/target/spanvault-loadgen.jar io.spanvault.bench.kafka.KafkaPathBench [requests] [encoding]
 * </pre>
 */
public final class KafkaPathBench {
    private static final int SPANS_PER_REQUEST = 100;
    private static final int IN_FLIGHT = 8;

    private KafkaPathBench() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String encoding = args.length > 1 ? args[1] : "otlp_proto";
        List<ExportTraceServiceRequest> load = requests(requests, 1);
        List<ExportTraceServiceRequest> warmup = requests(Math.max(1, requests / 5), 1_000_000);
        try (KafkaBroker broker = KafkaBroker.start()) {
            direct(warmup, false);
            throughKafka(broker, warmup, encoding, false);
            direct(load, true);
            throughKafka(broker, load, encoding, true);
        }
    }

    private static void direct(List<ExportTraceServiceRequest> load, boolean report) throws Exception {
        Path data = Files.createTempDirectory("kafka-bench-direct");
        Exporter<ExportTraceServiceRequest> store = store(data);
        // Decoded from bytes in the timed loop, as the OTLP receiver does: the built requests share the
        // template's sub-messages (and their memoized sizes), which would flatter the store's encoding.
        List<byte[]> wire = load.stream().map(ExportTraceServiceRequest::toByteArray).toList();
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        Semaphore slots = new Semaphore(IN_FLIGHT);
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (byte[] bytes : wire) {
            slots.acquire();
            answers.add(store.consume(ExportTraceServiceRequest.parseFrom(bytes)).toCompletableFuture()
                    .whenComplete((ok, e) -> slots.release()));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        long wall = System.nanoTime() - start;
        long used = processCpuNanos() - cpu;
        store.close();
        if (report) {
            print("direct", encoding(null), spans(load), wall, used, -1);
        }
    }

    private static void throughKafka(KafkaBroker broker, List<ExportTraceServiceRequest> load, String encoding,
            boolean report) throws Exception {
        String topic = broker.createTopic("bench", 3);
        Path data = Files.createTempDirectory("kafka-bench-kafka");
        Exporter<ExportTraceServiceRequest> store = store(data);
        long total = spans(load);
        AtomicLong stored = new AtomicLong();
        CompletableFuture<Void> allStored = new CompletableFuture<>();
        Telemetry telemetry = new Telemetry();
        KafkaReceiverConfig receiverConfig = new KafkaReceiverConfig(List.of(broker.bootstrap()), null, null, null,
                encoding, new ReceiverTopics(List.of(topic), null), null, null, topic, "earliest", null, null, null,
                null, Duration.ofMillis(10), null, new AutoCommit(true, Duration.ofMillis(200)), null, 64, null, null);
        KafkaReceiver receiver = new KafkaReceiverFactory().create(
                new ComponentContext(ComponentKind.RECEIVER, ComponentId.parse("kafka"), telemetry), receiverConfig,
                ReceiverConsumers.of(Signal.TRACES, request -> store.consume(request).thenRun(() -> {
                    if (stored.addAndGet(Signal.TRACES.itemCount(request)) >= total) {
                        allStored.complete(null);
                    }
                })));
        KafkaExporterConfig exporterConfig = new KafkaExporterConfig(List.of(broker.bootstrap()), null, null, null,
                encoding, new SignalTopic(topic, null), null, null, false, Duration.ofSeconds(30),
                RetryConfig.disabled(), QueueConfig.disabled(), new ProducerSettings(null, "1", null, null, null, null),
                (TlsConfig) null, null);
        Exporter<ExportTraceServiceRequest> exporter = new KafkaExporterFactory().create(
                new ComponentContext(ComponentKind.EXPORTER, ComponentId.parse("kafka"), telemetry), exporterConfig,
                Signal.TRACES);
        exporter.start(null);
        long brokerCpu = brokerCpuNanos(broker);
        long cpu = processCpuNanos();
        long start = System.nanoTime();
        receiver.start(null);
        Semaphore slots = new Semaphore(IN_FLIGHT);
        for (ExportTraceServiceRequest request : load) {
            slots.acquire();
            exporter.consume(request).toCompletableFuture().whenComplete((ok, e) -> {
                slots.release();
                if (e != null) {
                    allStored.completeExceptionally(e);
                }
            });
        }
        allStored.get(10, TimeUnit.MINUTES);
        long wall = System.nanoTime() - start;
        long used = processCpuNanos() - cpu;
        long brokerUsed = brokerCpuNanos(broker) - brokerCpu;
        exporter.close();
        receiver.close();
        store.close();
        if (report) {
            print("kafka", encoding, total, wall, used, brokerUsed);
        }
    }

    private static Exporter<ExportTraceServiceRequest> store(Path data) throws Exception {
        StoreExporterConfig config = new StoreExporterConfig(null, null, data.toString(), null, null, null, null, null, null);
        Exporter<ExportTraceServiceRequest> store = new StoreExporterFactory().create(
                new ComponentContext(ComponentKind.EXPORTER, ComponentId.parse("store"), new Telemetry()), config,
                Signal.TRACES);
        store.start(null);
        return store;
    }

    /** Realistic 100-span requests starting now, every trace id new. */
    private static List<ExportTraceServiceRequest> requests(int count, long firstTrace) {
        ExportTraceServiceRequest template = SpanShape.REALISTIC.request(SPANS_PER_REQUEST,
                System.currentTimeMillis() * 1_000_000L);
        List<ExportTraceServiceRequest> out = new ArrayList<>(count);
        long trace = firstTrace;
        for (int r = 0; r < count; r++) {
            ExportTraceServiceRequest.Builder request = template.toBuilder();
            for (ResourceSpans.Builder resource : request.getResourceSpansBuilderList()) {
                for (ScopeSpans.Builder scope : resource.getScopeSpansBuilderList()) {
                    for (Span.Builder span : scope.getSpansBuilderList()) {
                        long low = ByteBuffer.wrap(span.getTraceId().toByteArray()).getLong(8);
                        span.setTraceId(ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x6b61666b61L)
                                .putLong(trace * 1000 + low).array()));
                    }
                }
            }
            trace++;
            out.add(request.build());
        }
        return out;
    }

    private static long spans(List<ExportTraceServiceRequest> load) {
        return load.stream().mapToLong(Signal.TRACES::itemCount).sum();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** utime + stime of the broker process from /proc, in nanoseconds (clock ticks of 10 ms). */
    private static long brokerCpuNanos(KafkaBroker broker) throws java.io.IOException {
        String stat = Files.readString(Path.of("/proc/" + broker.process().pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    private static String encoding(String e) {
        return e == null ? "-" : e;
    }

    private static void print(String path, String encoding, long spans, long wallNanos, long cpuNanos,
            long brokerCpuNanos) {
        System.out.printf(Locale.ROOT, "kafka-bench path=%s encoding=%s spans=%d seconds=%.2f spans_per_s=%.0f "
                        + "cpu_us_per_span=%.2f broker_cpu_us_per_span=%s%n", path, encoding, spans, wallNanos / 1e9,
                spans / (wallNanos / 1e9), cpuNanos / 1e3 / spans,
                brokerCpuNanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", brokerCpuNanos / 1e3 / spans));
    }
}
