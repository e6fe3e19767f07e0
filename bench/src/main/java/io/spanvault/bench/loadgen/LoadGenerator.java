package io.spanvault.bench.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Offers OTLP trace requests to a receiver at a fixed span rate or as fast as they are acknowledged, and
 * prints one summary line. Requests are encoded once up front; each exporter stamps new trace ids into its
 * own copy and sends it over its own connection, so the generator stays cheap next to the server it measures.
 */
public final class LoadGenerator {
    private static final long DRAIN_SECONDS = 30;
    private static final long GIVE_UP_GRACE_NANOS = 10_000_000_000L;
    /** An exporter's loop is shallow; hundreds of them need not reserve the default stack each. */
    private static final long EXPORTER_STACK_BYTES = 256 << 10;

    private final LoadOptions options;

    public LoadGenerator(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        System.out.println(new LoadGenerator(options).run().summaryLine());
    }

    public LoadResult run() throws InterruptedException {
        ExportTraceServiceRequest request = options.shape().request(options.spansPerRequest(),
                System.currentTimeMillis() * 1_000_000L);
        if (options.protocol() == LoadOptions.Protocol.ZIPKIN) {
            try (OtlpSender sender = HttpSender.zipkin(options.endpoint())) {
                return drive(sender, new ZipkinJsonTemplate(request));
            }
        }
        RequestTemplate template = new RequestTemplate(request);
        try (OtlpSender sender = options.protocol() == LoadOptions.Protocol.GRPC
                ? new GrpcSender(options.endpoint(), options.connections(), options.authorization(), options.caFile(),
                        options.compression())
                : HttpSender.otlp(options.endpoint(), options.authorization(), options.caFile())) {
            return drive(sender, template);
        }
    }

    /**
     * Runs {@code concurrency} exporters, each on a thread and connection of its own sending its next request
     * once the last was answered, as SDKs do. At a fixed rate they share one schedule: request {@code n} goes out
     * at its due time or, when every exporter is busy, as soon as one is free.
     */
    private LoadResult drive(OtlpSender sender, EncodedRequests template) throws InterruptedException {
        Recorder latencyMicros = new Recorder(3);
        LongAdder sent = new LongAdder();
        LongAdder acked = new LongAdder();
        LongAdder rejected = new LongAdder();
        LongAdder refused = new LongAdder();
        Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
        AtomicLong sequences = new AtomicLong();
        double intervalNanos = options.rate() == 0 ? 0 : template.spans() * 1e9 / options.rate();
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        // At a fixed rate every scheduled request goes out, late if the server is slow, so the offered load
        // is exact; a server that falls far behind ends the run at the give-up time instead.
        long giveUp = end + Math.max(options.duration().toNanos(), GIVE_UP_GRACE_NANOS);
        Thread[] exporters = new Thread[options.concurrency()];
        for (int i = 0; i < exporters.length; i++) {
            ExportConnection connection = sender.connect(i, template);
            exporters[i] = new Thread(null, () -> {
                try (connection) {
                    while (true) {
                        long sequence = sequences.incrementAndGet();
                        long due = start + (long) ((sequence - 1) * intervalNanos);
                        long now = System.nanoTime();
                        if (due >= end || (intervalNanos == 0 ? now >= end : now >= giveUp)) {
                            return;
                        }
                        for (long wait = due - now; wait > 0; wait = due - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        sent.increment();
                        long sentAt = System.nanoTime();
                        try {
                            long rejectedSpans = connection.export(sequence);
                            latencyMicros.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1000));
                            acked.add(template.spans() - rejectedSpans);
                            rejected.add(rejectedSpans);
                        } catch (RuntimeException e) {
                            latencyMicros.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1000));
                            refused.add(template.spans());
                            refusals.computeIfAbsent(reason(e), k -> new LongAdder()).increment();
                        }
                    }
                }
            }, "loadgen-exporter-" + i, EXPORTER_STACK_BYTES);
            exporters[i].setDaemon(true);
        }
        for (Thread exporter : exporters) {
            exporter.start();
        }
        long joinBy = giveUp + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
        int unanswered = 0;
        for (Thread exporter : exporters) {
            exporter.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(joinBy - System.nanoTime())));
            if (exporter.isAlive()) {
                unanswered++;
            }
        }
        if (unanswered > 0) {
            refusals.computeIfAbsent("unanswered_at_end", k -> new LongAdder()).add(unanswered);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram latency = latencyMicros.getIntervalHistogram();
        Map<String, Long> refusalCounts = new java.util.HashMap<>();
        refusals.forEach((k, v) -> refusalCounts.put(k, v.sum()));
        return new LoadResult(options, seconds, sent.sum(), acked.sum(), rejected.sum(), refused.sum(), refusalCounts,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
    }

    private static String reason(RuntimeException error) {
        return error instanceof OtlpSender.RefusedException refusal ? refusal.reason()
                : error.getClass().getSimpleName();
    }
}
