package io.spanvault.processor.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.consumer.RetryableException;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Histogram;
import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.NeverBlockingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchProcessorTest {
    private static final Duration LONG = Duration.ofHours(1);
    private static final Labels LABELS = Labels.of("processor", "batch");

    private final Telemetry telemetry = new Telemetry();
    private final CapturingConsumer<ExportTraceServiceRequest> exporter = new CapturingConsumer<>(Signal.TRACES);
    private Processor<ExportTraceServiceRequest> processor;

    /** Batches by size and timeout only, as the collector's. */
    private Processor<ExportTraceServiceRequest> batch(int size, Duration timeout, int maxSize) {
        return batch(new BatchConfig(size, timeout, maxSize, false));
    }

    private Processor<ExportTraceServiceRequest> batch(BatchConfig config) {
        processor = new BatchProcessorFactory().create(
                new ComponentContext(ComponentKind.PROCESSOR, ComponentId.parse("batch"), telemetry),
                config, Signal.TRACES, exporter);
        return processor;
    }

    @AfterEach
    void close() {
        // closing waits for the batches in flight; completing one may send the next
        for (CompletableFuture<Void> write = writes.pollFirst(); write != null; write = writes.pollFirst()) {
            write.complete(null);
        }
        if (processor != null) {
            processor.close();
        }
    }

    private static ExportTraceServiceRequest spans(int n, long seed) {
        return TestTraces.request("svc", n, seed);
    }

    private List<Integer> batchSizes() {
        return exporter.received().stream().map(Signal.TRACES::itemCount).toList();
    }

    private long counter(String name) {
        return telemetry.counter(name, "", LABELS).value();
    }

    private Histogram sendSize() {
        return telemetry.histogram("otelcol_processor_batch_batch_send_size", "", LABELS);
    }

    @Test
    void sendsOneBatchOnceSendBatchSizeIsReached() throws Exception {
        batch(10, LONG, 0);
        List<CompletableFuture<Void>> callers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            callers.add(processor.consume(spans(3, i)).toCompletableFuture());
        }
        assertEquals(List.of(), batchSizes());
        assertFalse(callers.get(0).isDone(), "a caller is answered only once its data went downstream");
        callers.add(processor.consume(spans(3, 3)).toCompletableFuture());
        assertEquals(List.of(12), batchSizes());
        assertEquals(4, exporter.received().get(0).getResourceSpansCount(), "the batch keeps every resource group");
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertEquals(1, counter("otelcol_processor_batch_batch_size_trigger_send"));
        assertEquals(0, counter("otelcol_processor_batch_timeout_trigger_send"));
        assertEquals(1, sendSize().count());
        assertEquals(12.0, sendSize().sum());
    }

    @Test
    void sendsWhatIsPendingWhenTheTimeoutExpires() throws Exception {
        batch(100, Duration.ofMillis(20), 0);
        CompletableFuture<Void> caller = processor.consume(spans(5, 1)).toCompletableFuture();
        caller.get(5, TimeUnit.SECONDS);
        assertEquals(List.of(5), batchSizes());
        assertEquals(1, counter("otelcol_processor_batch_timeout_trigger_send"));
        assertEquals(0, counter("otelcol_processor_batch_batch_size_trigger_send"));
    }

    @Test
    void splitsInputsLargerThanTheMaxSize() throws Exception {
        batch(10, LONG, 10);
        CompletableFuture<Void> caller = processor.consume(spans(25, 1)).toCompletableFuture();
        assertEquals(List.of(10, 10), batchSizes());
        assertFalse(caller.isDone(), "the last 5 spans are still waiting");
        processor.close();
        assertEquals(List.of(10, 10, 5), batchSizes());
        caller.get(5, TimeUnit.SECONDS);
        assertEquals(25, exporter.itemCount());
    }

    @Test
    void neverSendsMoreThanTheMaxSize() {
        batch(8, LONG, 10);
        for (int i = 0; i < 6; i++) {
            processor.consume(spans(3, i));
        }
        processor.close();
        assertTrue(batchSizes().stream().allMatch(n -> n <= 10), batchSizes().toString());
        assertEquals(18, exporter.itemCount());
    }

    @Test
    void downstreamErrorsFailTheCallersWhoseDataWasInTheBatch() throws Exception {
        batch(4, LONG, 0);
        exporter.answerWith(data -> CompletableFuture.failedFuture(new RetryableException("store is full", Duration.ofSeconds(3))));
        CompletableFuture<Void> first = processor.consume(spans(2, 1)).toCompletableFuture();
        CompletableFuture<Void> second = processor.consume(spans(2, 2)).toCompletableFuture();
        RetryableException failure = assertInstanceOf(RetryableException.class,
                assertThrows(CompletionException.class, first::join).getCause());
        assertEquals("store is full", failure.getMessage());
        assertEquals(Duration.ofSeconds(3), failure.retryAfter().orElseThrow());
        assertInstanceOf(RetryableException.class, assertThrows(CompletionException.class, second::join).getCause());

        exporter.answerWith(data -> CompletableFuture.completedFuture(null));
        processor.consume(spans(4, 3)).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aDownstreamThatThrowsAnErrorOnTheTimerThreadFailsTheCallersInsteadOfLeavingThemWaiting() throws Exception {
        Processor<ExportTraceServiceRequest> timed = batch(100, Duration.ofMillis(20), 0);
        processor = null; // closing waits for the batch, which would hang the test rather than fail it
        exporter.answerWith(data -> {
            throw new LinkageError("store classes cannot load");
        });
        CompletableFuture<Void> caller = timed.consume(spans(2, 1)).toCompletableFuture();
        java.util.concurrent.ExecutionException failure = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> caller.get(5, TimeUnit.SECONDS));
        RetryableException retryable = assertInstanceOf(RetryableException.class, failure.getCause());
        assertEquals("store classes cannot load", retryable.getMessage());
        timed.close();
    }

    @Test
    void aCallerSplitOverSeveralBatchesFailsIfAnyOfThemFails() {
        batch(2, LONG, 2);
        exporter.answerWith(data -> exporter.received().size() == 2
                ? CompletableFuture.failedFuture(new PermanentException("bad span"))
                : CompletableFuture.completedFuture(null));
        CompletableFuture<Void> caller = processor.consume(spans(6, 1)).toCompletableFuture();
        assertEquals(List.of(2, 2, 2), batchSizes());
        assertInstanceOf(PermanentException.class, assertThrows(CompletionException.class, caller::join).getCause());
    }

    @Test
    void callerWaitsUntilDownstreamAccepted() {
        batch(1, LONG, 0);
        CompletableFuture<Void> accepted = new CompletableFuture<>();
        exporter.answerWith(data -> accepted);
        CompletableFuture<Void> caller = processor.consume(spans(1, 1)).toCompletableFuture();
        assertFalse(caller.isDone());
        accepted.complete(null);
        assertTrue(caller.isDone() && !caller.isCompletedExceptionally());
    }

    @Test
    void closeFlushesAndLaterDataIsRefusedAsRetryable() {
        batch(100, LONG, 0);
        CompletableFuture<Void> caller = processor.consume(spans(3, 1)).toCompletableFuture();
        processor.close();
        assertEquals(List.of(3), batchSizes());
        assertTrue(caller.isDone() && !caller.isCompletedExceptionally());
        CompletableFuture<Void> late = processor.consume(spans(1, 2)).toCompletableFuture();
        assertInstanceOf(RetryableException.class, assertThrows(CompletionException.class, late::join).getCause());
    }

    @Test
    void zeroTimeoutSendsEveryInputAtOnce() {
        batch(100, Duration.ZERO, 0);
        processor.consume(spans(1, 1));
        processor.consume(spans(2, 2));
        assertEquals(List.of(1, 2), batchSizes());
    }

    @Test
    void blocksItsCallerAsItsNextStageDoes() {
        // an idle flush sends on the caller's thread, so a receiver may call the batch from its event loop
        // only when what follows never blocks
        assertTrue(batch(100, LONG, 0).blocksCaller(), "the capturing consumer does not say it never blocks");
        processor.close();
        SignalConsumer<ExportTraceServiceRequest> neverBlocks = new NeverBlockingConsumer<>();
        processor = new BatchProcessorFactory().create(
                new ComponentContext(ComponentKind.PROCESSOR, ComponentId.parse("batch"), telemetry),
                new BatchConfig(100, LONG, 0, true), Signal.TRACES, neverBlocks);
        assertFalse(processor.blocksCaller());
    }

    @Test
    void batchesLogsLikeAnyOtherSignal() throws Exception {
        CapturingConsumer<ExportLogsServiceRequest> logs = new CapturingConsumer<>(Signal.LOGS);
        Processor<ExportLogsServiceRequest> logBatch = new BatchProcessorFactory().create(
                new ComponentContext(ComponentKind.PROCESSOR, ComponentId.parse("batch/logs"), telemetry),
                new BatchConfig(5, LONG, 0, false), Signal.LOGS, logs);
        ExportLogsServiceRequest three = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.getDefaultInstance())
                        .addLogRecords(LogRecord.getDefaultInstance()).addLogRecords(LogRecord.getDefaultInstance())))
                .build();
        CompletableFuture<Void> first = logBatch.consume(three).toCompletableFuture();
        CompletableFuture<Void> second = logBatch.consume(three).toCompletableFuture();
        CompletableFuture.allOf(first, second).get(5, TimeUnit.SECONDS);
        assertEquals(1, logs.received().size());
        assertEquals(6, logs.itemCount());
        logBatch.close();
    }

    @Test
    void concurrentCallersAreAllAnsweredAndNoItemIsLostOrDuplicated() throws Exception {
        batch(50, Duration.ofMillis(5), 64);
        int threads = 4;
        int perThread = 100;
        List<CompletableFuture<Void>> callers = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.execute(() -> {
                    for (int i = 0; i < perThread; i++) {
                        callers.add(processor.consume(spans(1 + i % 5, thread * 1000L + i)).toCompletableFuture());
                    }
                });
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        int expected = threads * (perThread / 5) * (1 + 2 + 3 + 4 + 5);
        assertEquals(expected, exporter.itemCount());
        assertTrue(batchSizes().stream().allMatch(n -> n <= 64), batchSizes().toString());
        assertEquals(expected, (long) sendSize().sum());
    }

    @Test
    void configDefaultsAndValidation() {
        BatchConfig defaults = new BatchProcessorFactory().defaultConfig();
        assertEquals(new BatchConfig(8192, Duration.ofMillis(200), 0, true), defaults);
        assertEquals("send_batch_max_size", assertThrows(InvalidConfigException.class,
                () -> new BatchConfig(100, null, 50, null)).key());
        assertEquals("send_batch_size", assertThrows(InvalidConfigException.class,
                () -> new BatchConfig(-1, null, null, null)).key());
        assertEquals("timeout", assertThrows(InvalidConfigException.class,
                () -> new BatchConfig(null, Duration.ofSeconds(-1), null, null)).key());
    }

    /** Downstream writes that the test completes one by one, recording the order of events. */
    private final List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    private final java.util.concurrent.LinkedBlockingDeque<CompletableFuture<Void>> writes =
            new java.util.concurrent.LinkedBlockingDeque<>();

    private void writesCompletedByTheTest() {
        exporter.answerWith(data -> {
            events.add("write " + Signal.TRACES.itemCount(data));
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.addLast(write);
            return write;
        });
    }

    private CompletableFuture<Void> consumeRecorded(int spans, long seed) {
        CompletableFuture<Void> caller = processor.consume(spans(spans, seed)).toCompletableFuture();
        caller.thenRun(() -> events.add("ack " + seed));
        return caller;
    }

    private void completeNextWrite() {
        CompletableFuture<Void> write = writes.pollFirst();
        events.add("written");
        write.complete(null);
    }

    @Test
    void aLoneRequestIsSentAtOnceAndAcknowledgedWhenThatOneWriteCompletes() {
        batch(new BatchConfig(8192, LONG, 0, true));
        writesCompletedByTheTest();
        CompletableFuture<Void> caller = consumeRecorded(100, 1);
        assertEquals(List.of("write 100"), events, "sent without waiting for size or timeout");
        assertFalse(caller.isDone(), "not acknowledged before the write completed");
        completeNextWrite();
        assertEquals(List.of("write 100", "written", "ack 1"), events);
        assertEquals(1, counter("spanvault_processor_batch_idle_trigger_send"));
    }

    @Test
    void requestsArrivingDuringAWriteGoTogetherInTheNextWrite() {
        batch(new BatchConfig(8192, LONG, 0, true));
        writesCompletedByTheTest();
        CompletableFuture<Void> first = consumeRecorded(100, 1);
        List<CompletableFuture<Void>> gathered = new java.util.ArrayList<>();
        for (int i = 2; i <= 6; i++) {
            gathered.add(consumeRecorded(100, i));
        }
        assertEquals(List.of("write 100"), events, "the others wait while a write is in flight");
        completeNextWrite();
        assertTrue(first.isDone());
        assertEquals(List.of("write 100", "written", "write 500", "ack 1"), events,
                "the five gathered requests went out in one write once the first one completed");
        assertTrue(gathered.stream().noneMatch(CompletableFuture::isDone), "acknowledged only by their own write");
        completeNextWrite();
        assertTrue(gathered.stream().allMatch(c -> c.isDone() && !c.isCompletedExceptionally()));
        assertEquals(List.of(100, 500), batchSizes());
    }

    @Test
    void theNextWriteIsNotHeldUpByAnsweringTheCallersOfTheLastOne() throws Exception {
        batch(new BatchConfig(8192, LONG, 0, true));
        writesCompletedByTheTest();
        java.util.concurrent.CountDownLatch nextWriteSent = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Void> first = consumeRecorded(100, 1);
        // a caller whose answer takes until the next write is under way, as a slow response to encode would
        CompletableFuture<Boolean> answered = first.thenApply(ok -> {
            try {
                return nextWriteSent.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        consumeRecorded(100, 2);
        exporter.answerWith(data -> {
            events.add("write " + Signal.TRACES.itemCount(data));
            nextWriteSent.countDown();
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.addLast(write);
            return write;
        });
        completeNextWrite();
        assertTrue(answered.get(10, TimeUnit.SECONDS), "the gathered request was sent while the first caller was"
                + " being answered: " + events);
        assertEquals(List.of("write 100", "written", "write 100", "ack 1"), events);
    }

    @Test
    void sizeStillSendsAFullBatchWhileAnotherIsInFlight() {
        batch(new BatchConfig(300, LONG, 0, true));
        writesCompletedByTheTest();
        consumeRecorded(100, 1);
        for (int i = 2; i <= 4; i++) {
            consumeRecorded(100, i);
        }
        assertEquals(List.of(100, 300), batchSizes());
    }

    @Test
    void aDownstreamThatAnswersAtOnceUnderSteadyLoadDoesNotNestSends() throws Exception {
        batch(new BatchConfig(8192, LONG, 0, true));
        int arrivals = 20_000;
        java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
        List<CompletableFuture<Void>> callers = new java.util.ArrayList<>();
        // each write sees one more request arrive before it answers, as under steady load
        exporter.answerWith(data -> {
            if (arrived.incrementAndGet() < arrivals) {
                callers.add(processor.consume(spans(1, arrived.get())).toCompletableFuture());
            }
            return CompletableFuture.completedFuture(null);
        });
        callers.add(processor.consume(spans(1, 0)).toCompletableFuture());
        CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertEquals(arrivals, exporter.itemCount());
    }
}
