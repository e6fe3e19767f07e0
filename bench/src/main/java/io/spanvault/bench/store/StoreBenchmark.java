package io.spanvault.bench.store;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.cassandra.CassandraStoreConfig;
import io.spanvault.cassandra.CassandraTraceStore;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.storage.TraceQuery;
import io.spanvault.storage.TraceStore;
import io.spanvault.storage.chronicle.ChronicleStoreOptions;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * Measures a trace store (the Chronicle Map store, or with {@code --cassandra} the cassandra backend): write
 * throughput on one and two threads, then, at each span-count checkpoint, trace-by-id and search latencies,
 * bytes on disk per span against the OTLP protobuf size (Chronicle), and heap used after a full GC. Usage (see {@code bench/README.md}):
 * {@code StoreBenchmark [--dir DIR] [--checkpoints 1000000,10000000] [--batch-spans 500] [--trace-size 10]
 * [--hours 6] [--searches 200] [--throughput-spans 200000] [--write-lanes N] [--cassandra HOST:PORT]}.
 */
public final class StoreBenchmark {
    private static final int TRACE_LOOKUPS = 10_000;
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final TraceStore store;
    private final SpanGenerator generator;
    private final int tracesPerBatch;
    private final int searches;
    private final AtomicLong nextTrace = new AtomicLong();
    private final AtomicLong otlpBytes = new AtomicLong();
    private final AtomicLong spansWritten = new AtomicLong();
    /** CPU time of each search of the last {@link #time} call: what a shared machine's load does not inflate. */
    private long[] lastCpu = new long[0];
    private final Map<long[], long[]> cpuOf = new java.util.IdentityHashMap<>();

    private StoreBenchmark(TraceStore store, SpanGenerator generator, int tracesPerBatch, int searches) {
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
        if (!options.containsKey("cassandra") && Files.exists(dir) && Files.list(dir).findAny().isPresent()) {
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
        String cassandra = options.get("cassandra");
        try (TraceStore store = cassandra == null
                ? ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dir).withWriteLanes(lanes))
                : cassandra(cassandra, options.getOrDefault("keyspace", "store_bench"))) {
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

    /** The cassandra backend at {@code servers} (host:port,...), in a keyspace that must not exist yet. */
    private static TraceStore cassandra(String servers, String keyspace) {
        System.out.printf("cassandra backend at %s, keyspace %s%n", servers, keyspace);
        return CassandraTraceStore.open(CassandraStoreConfig.defaults().withServers(List.of(servers))
                .withKeyspace(keyspace).withTtl(Duration.ofDays(3)), Clock.systemUTC());
    }

    /**
     * Writes pre-built batches on {@code threads} threads and prints spans per second of the time spent in
     * {@code write}. The batches are held as wire bytes and parsed just before their write, as a receiver hands
     * them on: held parsed, gigabytes of messages in the old generation that the write touches kept the
     * collector's threads busy on both cores and made the rate say more about the benchmark than the store.
     */
    private void writeThroughput(int threads, int spansPerThread, String label) throws Exception {
        List<List<byte[]>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(batches(spansPerThread));
        }
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Thread> writers = new ArrayList<>();
        AtomicLong cpuNanos = new AtomicLong();
        AtomicLong writeNanos = new AtomicLong();
        for (List<byte[]> batches : work) {
            Thread w = new Thread(() -> {
                await(start);
                long cpu = 0;
                long wall = 0;
                for (byte[] wire : batches) {
                    ExportTraceServiceRequest b = parse(wire);
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    long wall0 = System.nanoTime();
                    store.write(b);
                    wall += System.nanoTime() - wall0;
                    cpu += THREADS.getCurrentThreadCpuTime() - cpu0;
                }
                cpuNanos.addAndGet(cpu);
                writeNanos.addAndGet(wall);
            });
            w.start();
            writers.add(w);
        }
        long skippedBefore = skippedSpans();
        await(start);
        long gc0 = gcMillis();
        long began = System.nanoTime();
        for (Thread w : writers) {
            w.join();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        double gcSeconds = (gcMillis() - gc0) / 1e3;
        double inWrite = writeNanos.get() / 1e9 / threads;
        long spans = (long) threads * spansPerThread;
        System.out.printf("%-18s %,10.0f spans/s in write (%,d spans, %.2f s in write per thread of %.2f s with"
                + " parsing, GC pauses %.2f s); CPU cost %.2f us/span = %,.0f spans/s per busy core%s%n", label,
                spans / inWrite, spans, inWrite, seconds, gcSeconds, cpuNanos.get() / 1e3 / spans,
                spans / (cpuNanos.get() / 1e9), skippedNote(skippedSpans() - skippedBefore));
    }

    /** Spans the store left out (before its window, too far ahead, invalid); -1 for a store that does not say. */
    private long skippedSpans() {
        return store instanceof ChronicleTraceStore c ? c.expiredSpans() + c.futureSpans() + c.invalidSpans() : -1;
    }

    /** A phase whose spans the store skipped would measure less work than it claims: said on its line. */
    private static String skippedNote(long skipped) {
        return skipped > 0 ? String.format("; %,d spans SKIPPED by the store (outside its window)", skipped) : "";
    }

    /** Milliseconds the collectors report having spent: on G1 and the serial collector, their pauses. */
    private static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }

    /** The next batches of {@code spans} spans, as the bytes a receiver gets. */
    private List<byte[]> batches(int spans) {
        List<byte[]> out = new ArrayList<>();
        for (int written = 0; written < spans; written += tracesPerBatch * generator.spansPerTrace()) {
            byte[] wire = generator.batch(nextTrace.getAndAdd(tracesPerBatch), tracesPerBatch).toByteArray();
            otlpBytes.addAndGet(wire.length);
            spansWritten.addAndGet((long) tracesPerBatch * generator.spansPerTrace());
            out.add(wire);
        }
        return out;
    }

    /** Parsed from the wire as a receiver parses it, so its spans' strings are the bytes they arrived as. */
    private static ExportTraceServiceRequest parse(byte[] wire) {
        try {
            return Signal.TRACES.parser().parseFrom(wire);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fillTo(long spans) {
        long began = System.nanoTime();
        long before = spansWritten.get();
        while (spansWritten.get() < spans) {
            for (byte[] wire : batches(Math.min(100_000, (int) (spans - spansWritten.get())))) {
                store.write(parse(wire));
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
        long[] byIdCpu = new long[TRACE_LOOKUPS];
        for (int i = 0; i < byId.length; i++) {
            long trace = random.nextLong(traces);
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int spans = store.getTrace(SpanGenerator.traceId(trace), null, null).orElseThrow()
                    .getResourceSpansCount();
            byId[i] = System.nanoTime() - t0;
            byIdCpu[i] = THREADS.getCurrentThreadCpuTime() - cpu0;
            if (spans == 0) {
                throw new IllegalStateException("trace " + trace + " came back empty");
            }
        }
        Instant now = Instant.now();
        Instant windowStart = now.minus(Duration.ofDays(2));
        String frontend = SpanGenerator.SERVICES[0];
        long[] serviceOnly = time(i -> TraceQuery.builder().serviceName(SpanGenerator.SERVICES[i % 3]), windowStart,
                now, 20);
        long[] serviceOperation = time(i -> TraceQuery.builder().serviceName(frontend)
                .operationName(SpanGenerator.rootOperation(i)), windowStart, now, 20);
        long[] rare = new long[searches];
        store.findTraces(window(TraceQuery.builder().serviceName(frontend)
                .attributes(Map.of("user.id", SpanGenerator.userId(0))), windowStart, now).build());
        for (int i = 0; i < rare.length; i++) {
            long trace = random.nextLong(traces);
            TraceQuery q = window(TraceQuery.builder().serviceName(frontend)
                    .attributes(Map.of("user.id", SpanGenerator.userId(trace))), windowStart, now).build();
            long t0 = System.nanoTime();
            int found = store.findTraces(q).size();
            rare[i] = System.nanoTime() - t0;
            if (found != 1) {
                throw new IllegalStateException("tag search for trace " + trace + " found " + found + " traces");
            }
        }
        long[] common = time(i -> TraceQuery.builder().serviceName(SpanGenerator.SERVICES[i % 2])
                .attributes(Map.of("http.request.method", "GET")), windowStart, now, 20);
        long[] errors = time(i -> TraceQuery.builder().serviceName(frontend)
                .attributes(Map.of("http.response.status_code", "500")), windowStart, now, 20);
        long[] nothing = time(i -> TraceQuery.builder().serviceName(frontend)
                .attributes(Map.of("user.id", "nobody-" + i)), windowStart, now, 0);
        long[] allServices = time(i -> TraceQuery.builder(), windowStart, now, 20);
        long[] wholeTrace = time(i -> TraceQuery.builder().serviceName(frontend).durationMin(Duration.ofMillis(45))
                .match(TraceQuery.Match.WHOLE_TRACE), windowStart, now, -1);
        long[] dependencies24h = timeDependencies(now, Duration.ofHours(24));
        long[] dependencies7d = timeDependencies(now, Duration.ofDays(7));
        System.gc();
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        ChronicleTraceStore chronicle = store instanceof ChronicleTraceStore c ? c : null;
        long spans = chronicle != null ? chronicle.spanCount() : spansWritten.get();
        System.out.printf("at %,d spans (%,d traces, %s partitions):%n", spans, traces,
                chronicle != null ? chronicle.partitionCount() : "no");
        System.out.printf("  trace by id       p50 %8.3f ms   p99 %8.3f ms  CPU p50 %7.3f ms p99 %7.3f ms (%d lookups)%n",
                ms(byId, 50), ms(byId, 99), ms(byIdCpu, 50), ms(byIdCpu, 99), byId.length);
        String searched = String.format(" (limit 20, 2-day window, %d searches)", searches);
        line("service only", serviceOnly, searched);
        line("service+operation", serviceOperation, searched);
        line("service+rare tag", rare, " (user.id=<one trace>)");
        line("service+common tag", common, " (http.request.method=GET)");
        line("service+error tag", errors, " (http.response.status_code=500, 2% of traces)");
        line("tag matching none", nothing, " (user.id=nobody)");
        line("allServices=true", allServices, " (no service)");
        line("match=trace", wholeTrace, " (frontend, trace duration >= 45 ms)");
        line("dependencies 24 h", dependencies24h, "");
        line("dependencies 7 d", dependencies7d, "");
        if (chronicle != null) {
            System.out.printf("  disk              %.1f bytes/span on disk vs %.1f bytes/span as OTLP protobuf (%,d MiB)%n",
                    (double) chronicle.diskBytes() / spans, (double) otlpBytes.get() / spansWritten.get(),
                    chronicle.diskBytes() >> 20);
        }
        System.out.printf("  heap used after GC %,d MiB, RSS %,d MiB, of it the store's maps (*.cm) %,d MiB%n",
                heap >> 20, rssKib() >> 10, mappedMapsRssKib() >> 10);
    }

    /** Times {@code searches} searches; {@code expected} results each (-1: any, 20: the limit when there is enough). */
    private long[] time(java.util.function.IntFunction<TraceQuery.Builder> query, Instant from, Instant to,
            int expected) {
        long[] nanos = new long[searches];
        lastCpu = new long[searches];
        // one search unmeasured: the first of a kind runs its code paths for the first time (interpreted)
        store.findTraces(window(query.apply(0), from, to).build());
        for (int i = 0; i < nanos.length; i++) {
            TraceQuery q = window(query.apply(i), from, to).build();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            int found = store.findTraces(q).size();
            nanos[i] = System.nanoTime() - t0;
            lastCpu[i] = THREADS.getCurrentThreadCpuTime() - cpu0;
            if (expected >= 0 && found != expected) {
                throw new IllegalStateException(q + " found " + found + " traces, not " + expected);
            }
        }
        cpuOf.put(nanos, lastCpu);
        return nanos;
    }

    private static TraceQuery.Builder window(TraceQuery.Builder query, Instant from, Instant to) {
        return query.startTimeMin(from).startTimeMax(to).limit(20);
    }

    private long[] timeDependencies(Instant end, Duration lookback) {
        long[] nanos = new long[Math.max(3, Math.min(searches, 20))];
        store.getDependencies(end, lookback);
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            int links = store.getDependencies(end, lookback).size();
            nanos[i] = System.nanoTime() - t0;
            if (links == 0) {
                throw new IllegalStateException("no dependencies over " + lookback);
            }
        }
        return nanos;
    }

    private void line(String label, long[] nanos, String what) {
        long[] cpu = cpuOf.get(nanos);
        String cpuText = cpu == null ? "" : String.format("  CPU p50 %7.3f ms p99 %7.3f ms", ms(cpu, 50), ms(cpu, 99));
        System.out.printf("  %-18s p50 %8.3f ms   p99 %8.3f ms%s%s%n", label, ms(nanos, 50), ms(nanos, 99), cpuText,
                what);
    }

    /** The process's resident set from /proc/self/status, in KiB; 0 where there is none. */
    private static long rssKib() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The resident pages of the store's memory-mapped Chronicle Maps, from {@code /proc/self/smaps}. */
    private static long mappedMapsRssKib() {
        long kib = 0;
        boolean map = false;
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/smaps"))) {
                if (l.matches("[0-9a-f]+-[0-9a-f]+ .*")) {
                    map = l.endsWith(".cm");
                } else if (map && l.startsWith("Rss:")) {
                    kib += Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return kib;
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
                                + " [--write-lanes N] [--cassandra HOST:PORT [--keyspace store_bench]]");
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
