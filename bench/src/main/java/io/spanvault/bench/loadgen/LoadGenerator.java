package io.spanvault.bench.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Offers OTLP trace requests to a receiver at a fixed span rate or as fast as they are acknowledged, and
 * prints one summary line. Requests are encoded once up front; each send only copies bytes and stamps new
 * trace ids, so the generator stays cheap next to the server it measures.
 */
public final class LoadGenerator {
    private static final long DRAIN_SECONDS = 30;
    private static final long GIVE_UP_GRACE_NANOS = 10_000_000_000L;

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
                ? new GrpcSender(options.endpoint(), options.connections(), options.authorization(), options.caFile())
                : HttpSender.otlp(options.endpoint(), options.authorization(), options.caFile())) {
            return drive(sender, template);
        }
    }

    private LoadResult drive(OtlpSender sender, EncodedRequests template) throws InterruptedException {
        Semaphore inFlight = new Semaphore(options.concurrency());
        Recorder latencyMicros = new Recorder(3);
        LongAdder acked = new LongAdder();
        LongAdder rejected = new LongAdder();
        LongAdder refused = new LongAdder();
        Map<String, LongAdder> refusals = new ConcurrentHashMap<>();
        double intervalNanos = options.rate() == 0 ? 0 : template.spans() * 1e9 / options.rate();
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        // At a fixed rate every scheduled request goes out, late if the server is slow, so the offered load
        // is exact; a server that falls far behind ends the run at the give-up time instead.
        long giveUp = end + Math.max(options.duration().toNanos(), GIVE_UP_GRACE_NANOS);
        long sequence = 0;
        while (true) {
            long due = start + (long) (sequence * intervalNanos);
            long now = System.nanoTime();
            if (due >= end || (intervalNanos == 0 ? now >= end : now >= giveUp)) {
                break;
            }
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            byte[] request = template.encode(++sequence);
            long sentAt = System.nanoTime();
            sender.send(request).whenComplete((rejectedSpans, error) -> {
                latencyMicros.recordValue(Math.max(1, (System.nanoTime() - sentAt) / 1000));
                if (error == null) {
                    acked.add(template.spans() - rejectedSpans);
                    rejected.add(rejectedSpans);
                } else {
                    refused.add(template.spans());
                    refusals.computeIfAbsent(reason(error), k -> new LongAdder()).increment();
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(options.concurrency(), DRAIN_SECONDS, TimeUnit.SECONDS)) {
            refusals.computeIfAbsent("unanswered_at_end", k -> new LongAdder()).add(options.concurrency());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Histogram latency = latencyMicros.getIntervalHistogram();
        Map<String, Long> refusalCounts = new java.util.HashMap<>();
        refusals.forEach((k, v) -> refusalCounts.put(k, v.sum()));
        return new LoadResult(options, seconds, sequence, acked.sum(), rejected.sum(), refused.sum(), refusalCounts,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(90) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0, latency.getMaxValue() / 1000.0);
    }

    private static String reason(Throwable error) {
        Throwable t = error;
        while (t != null && !(t instanceof OtlpSender.RefusedException)) {
            t = t.getCause();
        }
        return t == null ? error.getClass().getSimpleName() : ((OtlpSender.RefusedException) t).reason();
    }
}
