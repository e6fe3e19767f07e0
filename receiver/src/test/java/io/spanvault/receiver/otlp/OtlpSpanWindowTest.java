package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.otlp.SpanWindow;
import io.spanvault.pipeline.testkit.TestTraces;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Spans outside the ingestion window of the store a receiver's pipeline ends in are rejected before the
 * pipeline, as an OTLP partial success naming why, on both transports; the others are forwarded.
 */
class OtlpSpanWindowTest {
    private static final long HOUR = 3_600_000_000_000L;

    private RunningReceiver running;

    @BeforeEach
    void start() throws Exception {
        running = RunningReceiver.startWithStoreWindow(
                () -> SpanWindow.at(Instant.now(), Duration.ofHours(2), Duration.ofHours(1)));
        running.traces.answerWith(data -> CompletableFuture.completedFuture(null));
    }

    @AfterEach
    void stop() {
        running.close();
    }

    /** One span now, and one each: unset start, start 2^63 as fixed64, 3h ago, 2h ahead. */
    private static ExportTraceServiceRequest mixedRequest() {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .addSpans(span(1, "fine", now))
                .addSpans(span(2, "unset", 0))
                .addSpans(span(3, "year-2262", Long.MIN_VALUE))
                .addSpans(span(4, "old", now - 3 * HOUR))
                .addSpans(span(5, "ahead", now + 2 * HOUR));
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(TestTraces.resource("svc")).addScopeSpans(scope)).build();
    }

    private static Span span(long id, String name, long start) {
        return TestTraces.span(TestTraces.traceId(id), TestTraces.spanId(id), name, start, start + 1000);
    }

    private static void assertRejectedFour(ExportTracePartialSuccess partial) {
        assertEquals(4, partial.getRejectedSpans());
        String message = partial.getErrorMessage();
        assertTrue(message.contains("'unset': start_time_unix_nano is 0 (not set)"), message);
        assertTrue(message.contains("'year-2262': start_time_unix_nano 9223372036854775808 is past the year 2262"),
                message);
        assertTrue(message.contains("'old': starts at ") && message.contains("before the retention window (2h)"),
                message);
        assertTrue(message.contains("and 1 more"), message);
    }

    @Test
    void overHttpSpansOutsideTheWindowAreAPartialSuccess() throws Exception {
        HttpResponse<byte[]> response = new HttpSender(running.receiver.httpPort())
                .post("/v1/traces", "application/x-protobuf", mixedRequest().toByteArray());

        assertEquals(200, response.statusCode());
        assertRejectedFour(ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess());
        assertEquals(1, running.traces.itemCount(), "the span inside the window is forwarded");
        assertEquals("fine", running.traces.received().get(0).getResourceSpans(0).getScopeSpans(0).getSpans(0)
                .getName());
        assertEquals(4, running.counter("spanvault_receiver_outside_window_spans", "http"));
        assertEquals(4, running.counter("otelcol_receiver_refused_spans", "http"));
        assertEquals(1, running.counter("otelcol_receiver_accepted_spans", "http"));
    }

    @Test
    void overGrpcSpansOutsideTheWindowAreAPartialSuccess() throws Exception {
        ManagedChannel channel = OtlpGrpcReceiverTest.channel(running);
        try {
            ExportTraceServiceResponse response = TraceServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS).export(mixedRequest());
            assertRejectedFour(response.getPartialSuccess());
            assertEquals(1, running.traces.itemCount());
            assertEquals(4, running.counter("spanvault_receiver_outside_window_spans", "grpc"));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRequestSprayingThousandsOfHoursForwardsOnlyTheSpansInsideTheWindow() throws Exception {
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        // 2,700 spans, each in its own hour, from 1,000 hours ago to 1,700 hours ahead
        for (int h = 0; h < 2_700; h++) {
            scope.addSpans(span(h + 1, "spray", now + (h - 1_000L) * HOUR));
        }
        ExportTraceServiceRequest spray = ExportTraceServiceRequest.newBuilder().addResourceSpans(
                ResourceSpans.newBuilder().setResource(TestTraces.resource("svc")).addScopeSpans(scope)).build();

        HttpResponse<byte[]> response = new HttpSender(running.receiver.httpPort())
                .post("/v1/traces", "application/x-protobuf", spray.toByteArray());

        assertEquals(200, response.statusCode());
        ExportTracePartialSuccess partial = ExportTraceServiceResponse.parseFrom(response.body()).getPartialSuccess();
        // inside: 2h back and 1h ahead of now, at hour steps
        long forwarded = running.traces.itemCount();
        assertTrue(forwarded >= 2 && forwarded <= 4, "forwarded " + forwarded);
        assertEquals(2_700 - forwarded, partial.getRejectedSpans());
    }
}
