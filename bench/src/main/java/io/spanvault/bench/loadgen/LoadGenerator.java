package io.spanvault.bench.loadgen;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

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
        return run(Warmup.NONE, MeasuredPhase.NONE);
    }

    /**
     * The load before the measured phase, over its connections.
     *
     * @param rate spans per second, 0 for as fast as acknowledged
     */
    public record Warmup(Duration duration, long rate) {
        public static final Warmup NONE = new Warmup(Duration.ZERO, 0);

        public Warmup {
            if (duration.isNegative() || rate < 0) {
                throw new IllegalArgumentException("a warm-up's duration and rate must not be negative, got " + duration
                        + " at " + rate + " spans/s");
            }
        }
    }

    /**
     * Sends the warm-up, then for the options' duration over the same connections, telling {@code measured}
     * when the second phase starts and ends; the result is the second phase's. A long-lived SDK keeps its
     * connections: new ones at the start of the measured phase would make the server's JIT throw away and redo
     * code the warm-up compiled, inside the window being measured.
     */
    public LoadResult run(Warmup warmup, MeasuredPhase measured) throws InterruptedException {
        ExportTraceServiceRequest request = options.shape().request(options.spansPerRequest(),
                System.currentTimeMillis() * 1_000_000L);
        if (options.protocol() == LoadOptions.Protocol.ZIPKIN) {
            try (OtlpSender sender = HttpSender.zipkin(options.endpoint())) {
                return drive(sender, new ZipkinJsonTemplate(request), warmup, measured);
            }
        }
        RequestTemplate template = new RequestTemplate(request);
        try (OtlpSender sender = options.protocol() == LoadOptions.Protocol.GRPC
                ? new GrpcSender(options.endpoint(), options.connections(), options.authorization(), options.caFile(),
                        options.compression())
                : HttpSender.otlp(options.endpoint(), options.authorization(), options.caFile())) {
            return drive(sender, template, warmup, measured);
        }
    }

    /** Told when the measured phase starts and once all of its requests are answered, before connections close. */
    public interface MeasuredPhase {
        MeasuredPhase NONE = new MeasuredPhase() {
            @Override
            public void started() {
            }

            @Override
            public void ended() {
            }
        };

        void started();

        void ended();
    }

    private LoadResult drive(OtlpSender sender, EncodedRequests template, Warmup warmup,
            MeasuredPhase measured) throws InterruptedException {
        ExportConnection[] connections = new ExportConnection[options.concurrency()];
        // one count over both phases, so the measured phase never sends a trace id the warm-up sent
        AtomicLong stamps = new AtomicLong();
        try {
            for (int i = 0; i < connections.length; i++) {
                connections[i] = sender.connect(i, template);
            }
            if (!warmup.duration().isZero()) {
                phase(connections, template, warmup.duration().toNanos(), warmup.rate(), stamps);
            }
            measured.started();
            LoadResult result = phase(connections, template, options.duration().toNanos(), options.rate(), stamps);
            measured.ended();
            return result;
        } finally {
            for (ExportConnection connection : connections) {
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }

    private LoadResult phase(ExportConnection[] connections, EncodedRequests template, long durationNanos,
            long rate, AtomicLong stamps) throws InterruptedException {
        if (rate == 0 && Arrays.stream(connections).allMatch(c -> c instanceof AsyncExportConnection)) {
            return asyncPhase(Arrays.copyOf(connections, connections.length, AsyncExportConnection[].class),
                    template, durationNanos, stamps);
        }
        return threadedPhase(connections, template, durationNanos, rate, stamps);
    }

    /**
     * Runs one exporter per connection, each on a thread of its own sending its next request once the last was
     * answered, as SDKs do. At a fixed rate they share one schedule: request {@code n} goes out at its due time
     * or, when every exporter is busy, as soon as one is free.
     */
    private LoadResult threadedPhase(ExportConnection[] connections, EncodedRequests template, long durationNanos,
            long rate, AtomicLong stamps) throws InterruptedException {
        PhaseTally tally = new PhaseTally(template.spans());
        AtomicLong sequences = new AtomicLong();
        double intervalNanos = rate == 0 ? 0 : template.spans() * 1e9 / rate;
        long start = System.nanoTime();
        long end = start + durationNanos;
        // At a fixed rate every scheduled request goes out, late if the server is slow, so the offered load
        // is exact; a server that falls far behind ends the run at the give-up time instead.
        long giveUp = end + Math.max(durationNanos, GIVE_UP_GRACE_NANOS);
        Thread[] exporters = new Thread[connections.length];
        for (int i = 0; i < exporters.length; i++) {
            ExportConnection connection = connections[i];
            exporters[i] = new Thread(null, () -> {
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
                    tally.sent();
                    long sentAt = System.nanoTime();
                    try {
                        tally.answered(sentAt, connection.export(stamps.incrementAndGet()));
                    } catch (RuntimeException e) {
                        tally.refused(sentAt, e);
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
        tally.unansweredAtEnd(unanswered);
        return tally.result(options, (System.nanoTime() - start) / 1e9);
    }

    /**
     * As fast as acknowledged, each exporter sending its next request from the callback of the last one's
     * answer, so no thread waits per exporter; one request per exporter is in flight at any time, as in
     * {@link #threadedPhase}.
     */
    private LoadResult asyncPhase(AsyncExportConnection[] connections, EncodedRequests template, long durationNanos,
            AtomicLong stamps) throws InterruptedException {
        PhaseTally tally = new PhaseTally(template.spans());
        long start = System.nanoTime();
        long end = start + durationNanos;
        CountDownLatch finished = new CountDownLatch(connections.length);
        // a refusal may come back on the sending thread itself (a channel that cannot connect): the next send
        // goes through here so that failing sends do not recurse
        ExecutorService afterRefusal = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "loadgen-after-refusal");
            t.setDaemon(true);
            return t;
        });
        try {
            for (AsyncExportConnection connection : connections) {
                new Runnable() {
                    @Override
                    public void run() {
                        if (System.nanoTime() >= end) {
                            finished.countDown();
                            return;
                        }
                        tally.sent();
                        long sentAt = System.nanoTime();
                        Runnable next = this;
                        connection.send(stamps.incrementAndGet(), new AsyncExportConnection.Answer() {
                            @Override
                            public void answered(long rejectedSpans) {
                                tally.answered(sentAt, rejectedSpans);
                                next.run();
                            }

                            @Override
                            public void refused(OtlpSender.RefusedException refusal) {
                                tally.refused(sentAt, refusal);
                                afterRefusal.execute(next);
                            }
                        });
                    }
                }.run();
            }
            long waitNanos = durationNanos + GIVE_UP_GRACE_NANOS + TimeUnit.SECONDS.toNanos(DRAIN_SECONDS);
            finished.await(waitNanos, TimeUnit.NANOSECONDS);
            tally.unansweredAtEnd((int) finished.getCount());
            return tally.result(options, (System.nanoTime() - start) / 1e9);
        } finally {
            afterRefusal.shutdownNow();
        }
    }
}
