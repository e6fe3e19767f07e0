package io.spanvault.processor.memorylimiter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.ConsumerException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class MemoryLimiterTest {
    private static final long MIB = 1024 * 1024;

    /** A heap whose use the test sets; a GC frees what the test says it frees. */
    private static final class ScriptedHeap implements HeapUsage {
        long used;
        long freedByGc;
        int gcs;

        @Override
        public long usedBytes() {
            return used;
        }

        @Override
        public long maxBytes() {
            return 1000 * MIB;
        }

        @Override
        public void collectGarbage() {
            gcs++;
            used -= freedByGc;
        }
    }

    private long now;

    private MemoryWatch watch(ScriptedHeap heap, long limitMib, long spikeMib) {
        return new MemoryWatch(heap, () -> now, limitMib * MIB, spikeMib * MIB, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ZERO);
    }

    @Test
    void refusesAboveTheSoftLimitAndRecoversBelowIt() {
        ScriptedHeap heap = new ScriptedHeap();
        MemoryWatch watch = watch(heap, 100, 20);
        heap.used = 79 * MIB;
        watch.check();
        assertFalse(watch.refusing());
        heap.used = 85 * MIB;
        watch.check();
        assertTrue(watch.refusing(), "80 MiB soft limit reached");
        assertEquals(1, heap.gcs, "entering the soft limit forces one GC first");
        now += Duration.ofSeconds(1).toNanos();
        watch.check();
        assertTrue(watch.refusing());
        assertEquals(1, heap.gcs, "no second soft-limit GC within min_gc_interval_when_soft_limited");
        heap.used = 60 * MIB;
        watch.check();
        assertFalse(watch.refusing());
    }

    @Test
    void aGcThatFreesEnoughAvoidsRefusing() {
        ScriptedHeap heap = new ScriptedHeap();
        MemoryWatch watch = watch(heap, 100, 20);
        heap.used = 90 * MIB;
        heap.freedByGc = 30 * MIB;
        watch.check();
        assertFalse(watch.refusing());
        assertEquals(1, heap.gcs);
    }

    @Test
    void aboveTheHardLimitEveryCheckForcesAGc() {
        ScriptedHeap heap = new ScriptedHeap();
        MemoryWatch watch = watch(heap, 100, 20);
        heap.used = 120 * MIB;
        watch.check();
        watch.check();
        assertTrue(watch.refusing());
        assertEquals(2, heap.gcs, "min_gc_interval_when_hard_limited is 0");
    }

    @Test
    void limitsFromMibOrPercentageWithTheDefaultSpike() {
        MemoryLimiterConfig mib = new MemoryLimiterConfig(Duration.ofSeconds(1), 100L, null, null, null, null, null);
        assertEquals(100 * MIB, mib.limitBytes(1000 * MIB));
        assertEquals(20 * MIB, mib.spikeBytes(1000 * MIB));
        MemoryLimiterConfig pct = new MemoryLimiterConfig(Duration.ofSeconds(1), null, null, 80L, 25L, null, null);
        assertEquals(800 * MIB, pct.limitBytes(1000 * MIB));
        assertEquals(250 * MIB, pct.spikeBytes(1000 * MIB));
    }

    @Test
    void processorRefusesWithRetryAfterWhileRefusingAndCountsRefusedSpans() {
        Telemetry telemetry = new Telemetry();
        ScriptedHeap heap = new ScriptedHeap();
        CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);
        MemoryLimiterConfig config = new MemoryLimiterConfig(Duration.ofMillis(1500), 100L, 20L, null, null,
                null, null);
        MemoryLimiterProcessor<ExportTraceServiceRequest> processor =
                (MemoryLimiterProcessor<ExportTraceServiceRequest>) new MemoryLimiterFactory().create(
                        new ComponentContext(ComponentKind.PROCESSOR, ComponentId.parse("memory_limiter"), telemetry),
                        config, Signal.TRACES, out, heap);
        processor.consume(TestTraces.request("svc", 3)).toCompletableFuture().join();
        assertEquals(3, out.itemCount());

        heap.used = 95 * MIB;
        processor.watch().check();
        CompletionException e = assertThrows(CompletionException.class,
                () -> processor.consume(TestTraces.request("svc", 4)).toCompletableFuture().join());
        RetryableException refused = assertInstanceOf(RetryableException.class, ConsumerException.of(e));
        assertEquals(Duration.ofSeconds(2), refused.retryAfter().orElseThrow(), "the check interval, rounded up");
        assertTrue(refused.throttling(), "slow down (429 / RESOURCE_EXHAUSTED), not down");
        assertEquals(3, out.itemCount(), "refused data does not go on");
        assertEquals(4, telemetry.counter("otelcol_processor_refused_spans", "",
                Labels.of("processor", "memory_limiter")).value());
    }

    @Test
    void timerThreadMeasuresTheRealHeap() throws Exception {
        CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);
        // A limit far below what any JVM uses: the first check must start refusing.
        MemoryLimiterConfig config = new MemoryLimiterConfig(Duration.ofMillis(20), 1L, null, null, null,
                Duration.ofHours(1), null);
        Processor<ExportTraceServiceRequest> processor = new MemoryLimiterFactory().create(new ComponentContext(
                ComponentKind.PROCESSOR, ComponentId.parse("memory_limiter"), new Telemetry()), config,
                Signal.TRACES, out);
        processor.start(null);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!((MemoryLimiterProcessor<?>) processor).watch().refusing() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThrows(CompletionException.class,
                    () -> processor.consume(TestTraces.request("svc", 1)).toCompletableFuture().join());
        } finally {
            processor.close();
        }
    }

    @Test
    void pipelinesUsingOneIdShareOneWatchUntilTheLastStops() {
        MemoryLimiterFactory factory = new MemoryLimiterFactory();
        Telemetry telemetry = new Telemetry();
        ComponentContext context = new ComponentContext(ComponentKind.PROCESSOR, ComponentId.parse("memory_limiter"),
                telemetry);
        MemoryLimiterConfig config = new MemoryLimiterConfig(Duration.ofSeconds(1), 100L, null, null, null, null,
                null);
        ScriptedHeap heap = new ScriptedHeap();
        var traces = (MemoryLimiterProcessor<ExportTraceServiceRequest>) factory.create(context, config,
                Signal.TRACES, new CapturingConsumer<>(Signal.TRACES), heap);
        var logs = (MemoryLimiterProcessor<?>) factory.create(context, config, Signal.LOGS,
                new CapturingConsumer<>(Signal.LOGS), heap);
        var other = (MemoryLimiterProcessor<?>) factory.create(new ComponentContext(ComponentKind.PROCESSOR,
                ComponentId.parse("memory_limiter/other"), telemetry), config, Signal.LOGS,
                new CapturingConsumer<>(Signal.LOGS), heap);
        assertSame(traces.watch(), logs.watch());
        assertNotSame(traces.watch(), other.watch());
        traces.start(null);
        logs.start(null);
        traces.close();
        assertTrue(logs.watch().running(), "the logs pipeline still uses it");
        logs.close();
        assertFalse(logs.watch().running());
    }

    @Test
    void configErrorsNameTheKey() {
        MemoryLimiterFactory factory = new MemoryLimiterFactory();
        ComponentContext context = new ComponentContext(ComponentKind.PROCESSOR, ComponentId.parse("memory_limiter"),
                new Telemetry());
        CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);
        assertEquals("check_interval", assertThrows(InvalidConfigException.class,
                () -> factory.create(context, factory.defaultConfig(), Signal.TRACES, out)).key());
        assertEquals("limit_mib", assertThrows(InvalidConfigException.class, () -> factory.create(context,
                new MemoryLimiterConfig(Duration.ofSeconds(1), null, null, null, null, null, null),
                Signal.TRACES, out)).key());
        assertEquals("spike_limit_mib", assertThrows(InvalidConfigException.class,
                () -> new MemoryLimiterConfig(Duration.ofSeconds(1), 100L, 100L, null, null, null, null)).key());
        assertEquals("limit_percentage", assertThrows(InvalidConfigException.class,
                () -> new MemoryLimiterConfig(Duration.ofSeconds(1), null, null, 101L, null, null, null)).key());
        assertEquals("spike_limit_percentage", assertThrows(InvalidConfigException.class,
                () -> new MemoryLimiterConfig(Duration.ofSeconds(1), null, null, 50L, 60L, null, null)).key());
        assertEquals("min_gc_interval_when_soft_limited", assertThrows(InvalidConfigException.class,
                () -> new MemoryLimiterConfig(Duration.ofSeconds(1), 10L, null, null, null, Duration.ofSeconds(1),
                        Duration.ofSeconds(5))).key());
    }
}
