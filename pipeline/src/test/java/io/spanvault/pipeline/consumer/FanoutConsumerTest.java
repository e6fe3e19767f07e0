package io.spanvault.pipeline.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.NeverBlockingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class FanoutConsumerTest {
    private final CapturingConsumer<ExportTraceServiceRequest> a = new CapturingConsumer<>(Signal.TRACES);
    private final CapturingConsumer<ExportTraceServiceRequest> b = new CapturingConsumer<>(Signal.TRACES);

    @Test
    void aSingleConsumerIsUsedAsIs() {
        assertSame(a, FanoutConsumer.of(List.of(a)));
    }

    @Test
    void blocksItsCallerWhenAnyOfItsConsumersMay() {
        SignalConsumer<ExportTraceServiceRequest> never = new NeverBlockingConsumer<>();
        assertFalse(FanoutConsumer.of(List.of(never, never)).blocksCaller());
        assertTrue(FanoutConsumer.of(List.of(never, a)).blocksCaller(), "a consumer that does not say may block");
    }

    @Test
    void handsTheSameDataToEveryConsumer() {
        ExportTraceServiceRequest request = TestTraces.request("svc", 2);
        FanoutConsumer.of(List.of(a, b)).consume(request).toCompletableFuture().join();
        assertEquals(List.of(request), a.received());
        assertEquals(List.of(request), b.received());
    }

    @Test
    void completesOnlyWhenEveryConsumerAccepted() {
        CompletableFuture<Void> slow = new CompletableFuture<>();
        b.answerWith(data -> slow);
        CompletableFuture<Void> result = FanoutConsumer.of(List.of(a, b)).consume(TestTraces.request("svc", 1))
                .toCompletableFuture();
        assertEquals(false, result.isDone());
        slow.complete(null);
        result.join();
    }

    @Test
    void aRetryableFailureWinsOverAPermanentOne() {
        a.answerWith(data -> CompletableFuture.failedFuture(new PermanentException("bad")));
        b.answerWith(data -> CompletableFuture.failedFuture(new RetryableException("full", Duration.ofSeconds(3))));
        Throwable failure = join(FanoutConsumer.of(List.of(a, b)));
        RetryableException retryable = assertInstanceOf(RetryableException.class, failure);
        assertEquals(Duration.ofSeconds(3), retryable.retryAfter().orElseThrow());
    }

    @Test
    void aConsumerThatThrowsCountsAsFailedAndOthersStillGetTheData() {
        SignalConsumer<ExportTraceServiceRequest> throwing = data -> {
            throw new PermanentException("broken");
        };
        Throwable failure = join(FanoutConsumer.of(List.of(throwing, b)));
        assertInstanceOf(PermanentException.class, failure);
        assertEquals(1, b.received().size());
    }

    @Test
    void unclassifiedFailuresAreRetryable() {
        ConsumerException e = ConsumerException.of(new CompletionException(new java.io.IOException("disk")));
        assertInstanceOf(RetryableException.class, e);
        assertEquals("disk", e.getMessage());
    }

    private static Throwable join(SignalConsumer<ExportTraceServiceRequest> consumer) {
        try {
            consumer.consume(TestTraces.request("svc", 1)).toCompletableFuture().join();
            throw new AssertionError("expected a failure");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
