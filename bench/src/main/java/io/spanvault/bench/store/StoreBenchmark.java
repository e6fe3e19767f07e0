package io.spanvault.bench.store;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.chronicle.ChronicleStoreOptions;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures the Chronicle Map store: write throughput on one and two threads, then, at each span-count
 * checkpoint, trace-by-id and search latencies, bytes on disk per span against the OTLP protobuf size,
 * and heap used after a full GC. Usage (see {@code bench/README.md}):
 * {@code StoreBenchmark [--dir DIR] [--checkpoints 1000000,10000000] [--batch-spans 500] [--trace-size 10]
 * [--hours 6] [--searches 200] [--throughput-spans 200000] [--write-lanes N]}.
 */
public final class StoreBenchmark {
    private static final int TRACE_LOOKUPS = 10_000;
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final ChronicleTraceStore store;
    private final SpanGenerator generator;
    private final int tracesPerBatch;
    private final int searches;
    private final AtomicLong nextTrace = new AtomicLong();
    private final AtomicLong otlpBytes = new AtomicLong();
    private final AtomicLong spansWritten = new AtomicLong();

    private StoreBenchmark(ChronicleTraceStore store, SpanGenerator generator, int tracesPerBatch, int searches) {
        this.store = store;
        this.searches = searches;
        this.generator = generator;
        this.tracesPerBatch = tracesPerBatch;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path dir = Path.of(options.getOrDefault("dir", "target/store-bench"));
        long[] checkpoints = Arrays.stream(options.getOrDefault("checkpoints", "1000000").split(","))
                .mapToLong(Long::parseLong).sorted().toArray();
        int batchSpans = Integer.parseInt(options.getOrDefault("batch-spans", "500"));
        int traceSize = Integer.parseInt(options.getOrDefault("trace-size",
                Integer.toString(SpanGenerator.DEFAULT_SPANS_PER_TRACE)));
        if (Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
            throw new IllegalArgumentException(dir + " is not empty; the benchmark needs an empty directory");
        }
        long lastCheckpoint = checkpoints[checkpoints.length - 1];
        long totalTraces = lastCheckpoint / traceSize;
        Instant now = Instant.now();
        // by default six hours of traffic, so the store holds several hourly partitions; --hours 0 starts every
        // span at the same instant, one partition, as the collector testbed sends
        long hours = Long.parseLong(options.getOrDefault("hours", "6"));
        long spreadNanos = hours == 0 ? 0 : hours * 3600 * 1_000_000_000L - 60_000_000_000L;
        long firstStart = now.getEpochSecond() * 1_000_000_000L - spreadNanos - 1_000_000_000L;
        SpanGenerator generator = new SpanGenerator(firstStart, spreadNanos,
                totalTraces, traceSize);
        System.out.printf("java %s, %d cpus, max heap %d MiB, batch %d spans, %d spans per trace, dir %s%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                batchSpans, traceSize, dir.toAbsolutePath());
        int lanes = Integer.parseInt(options.getOrDefault("write-lanes",
                Integer.toString(ChronicleStoreOptions.DEFAULT_WRITE_LANES)));
        System.out.printf("%d write lanes per partition%n", lanes);
        try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dir)
                .withWriteLanes(lanes))) {
            StoreBenchmark bench = new StoreBenchmark(store, generator, Math.max(1, batchSpans / traceSize),
                    Integer.parseInt(options.getOrDefault("searches", "200")));
            // C2 needs a while on a busy machine: the warm-up writes as much as a measured phase
            int throughputSpans = Integer.parseInt(options.getOrDefault("throughput-spans", "200000"));
            bench.writeThroughput(1, throughputSpans, "warm-up");
            bench.writeThroughput(1, throughputSpans, "write, 1 thread");
            bench.writeThroughput(2, throughputSpans, "write, 2 threads");
            for (long checkpoint : checkpoints) {
                bench.fillTo(checkpoint);
                bench.report(checkpoint);
            }
        }
    }

    /** Writes pre-built batches on {@code threads} threads and prints spans per second of wall time. */
    private void writeThroughput(int threads, int spansPerThread, String label) throws Exception {
        List<List<ExportTraceServiceRequest>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(batches(spansPerThread));
        }
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Thread> writers = new ArrayList<>();
        AtomicLong cpuNanos = new AtomicLong();
        for (List<ExportTraceServiceRequest> batches : work) {
            Thread w = new Thread(() -> {
                await(start);
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                for (ExportTraceServiceRequest b : batches) {
                    store.write(b);
                }
                cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
            });
            w.start();
            writers.add(w);
        }
        await(start);
        long began = System.nanoTime();
        for (Thread w : writers) {
            w.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        long spans = (long) threads * spansPerThread;
        System.out.printf("%-18s %,10.0f spans/s wall clock (%,d spans in %.2f s); CPU cost %.2f us/span = %,.0f spans/s"
                + " per busy core%n", label, spans / seconds, spans, seconds, cpuNanos.get() / 1e3 / spans,
                spans / (cpuNanos.get() / 1e9));
    }

    private List<ExportTraceServiceRequest> batches(int spans) {
        List<ExportTraceServiceRequest> out = new ArrayList<>();
        for (int written = 0; written < spans; written += tracesPerBatch * generator.spansPerTrace()) {
            byte[] wire = generator.batch(nextTrace.getAndAdd(tracesPerBatch), tracesPerBatch).toByteArray();
            otlpBytes.addAndGet(wire.length);
            // parsed from the wire, as a receiver hands batches on: strings still undecoded bytes
            ExportTraceServiceRequest b = parse(wire);
            spansWritten.addAndGet((long) tracesPerBatch * generator.spansPerTrace());
            out.add(b);
        }
        return out;
    }

    private static ExportTraceServiceRequest parse(byte[] wire) {
        try {
            return ExportTraceServiceRequest.parseFrom(wire);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fillTo(long spans) {
        long began = System.nanoTime();
        long before = spansWritten.get();
        while (spansWritten.get() < spans) {
            for (ExportTraceServiceRequest b : batches(Math.min(100_000, (int) (spans - spansWritten.get())))) {
                store.write(b);
            }
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("%nfilled to %,d spans (%,.0f spans/s including generating the batches)%n", spans,
                (spansWritten.get() - before) / seconds);
    }

    private void report(long checkpoint) {
        long traces = nextTrace.get();
        SplittableRandom random = new SplittableRandom(checkpoint);
        long[] byId = new long[TRACE_LOOKUPS];
        for (int i = 0; i < byId.length; i++) {
            long trace = random.nextLong(traces);
            long t0 = System.nanoTime();
            int spans = store.getTrace(SpanGenerator.traceId(trace), null, null).orElseThrow()
                    .getResourceSpansCount();
            byId[i] = System.nanoTime() - t0;
            if (spans == 0) {
                throw new IllegalStateException("trace " + trace + " came back empty");
            }
        }
        long[] tag = new long[searches];
        for (int i = 0; i < tag.length; i++) {
            long trace = random.nextLong(traces);
            TraceQuery q = TraceQuery.builder().attributes(Map.of("user.id", SpanGenerator.userId(trace))).limit(20)
                    .build();
            long t0 = System.nanoTime();
            int found = store.findTraces(q).size();
            tag[i] = System.nanoTime() - t0;
            if (found != 1) {
                throw new IllegalStateException("tag search for trace " + trace + " found " + found + " traces");
            }
        }
        long[] service = new long[searches];
        for (int i = 0; i < service.length; i++) {
            TraceQuery q = TraceQuery.builder().serviceName(SpanGenerator.SERVICES[i % 3])
                    .attributes(Map.of("http.response.status_code", "500")).limit(20).build();
            long t0 = System.nanoTime();
            store.findTraces(q);
            service[i] = System.nanoTime() - t0;
        }
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long spans = store.spanCount();
        System.out.printf("at %,d spans (%,d traces, %d partitions):%n", spans, traces, store.partitionCount());
        System.out.printf("  trace by id       p50 %8.3f ms   p99 %8.3f ms  (%d lookups)%n", ms(byId, 50), ms(byId, 99),
                byId.length);
        System.out.printf("  tag search        p50 %8.3f ms   p99 %8.3f ms  (user.id=<one trace>, limit 20)%n",
                ms(tag, 50), ms(tag, 99));
        System.out.printf("  service+tag       p50 %8.3f ms   p99 %8.3f ms  (service, status_code=500, limit 20)%n",
                ms(service, 50), ms(service, 99));
        System.out.printf("  disk              %.1f bytes/span on disk vs %.1f bytes/span as OTLP protobuf (%,d MiB)%n",
                (double) store.diskBytes() / spans, (double) otlpBytes.get() / spansWritten.get(),
                store.diskBytes() >> 20);
        System.out.printf("  heap used after GC %,d MiB%n", heap >> 20);
    }

    private static double ms(long[] nanos, int percentile) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException(
                        "usage: StoreBenchmark [--dir DIR] [--checkpoints 1000000,10000000] [--batch-spans 500]"
                                + " [--trace-size 10] [--hours 6] [--searches 200] [--throughput-spans 200000]"
                                + " [--write-lanes N]");
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
