package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.consumer.SignalConsumer;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.TestTraces;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which thread hands a request to the pipeline: the connection's event loop when the pipeline never blocks its
 * caller (no hand-off per request), a thread of the server's own otherwise (a blocking pipeline must not
 * stall the other connections of a loop).
 */
class OtlpReceiverThreadingTest {
    private static final String EVENT_LOOP = "otlp-(grpc|http)-\\d+-\\d+";

    @Test
    void aPipelineThatNeverBlocksIsCalledOnTheEventLoop() throws Exception {
        List<String> threads = exportOverBothTransports(false);
        assertEquals(2, threads.size());
        threads.forEach(name -> assertTrue(name.matches(EVENT_LOOP), name + " is no event loop"));
    }

    @Test
    void aPipelineThatMayBlockIsCalledOffTheEventLoop() throws Exception {
        List<String> threads = exportOverBothTransports(true);
        assertEquals(2, threads.size());
        threads.forEach(name -> assertFalse(name.matches(EVENT_LOOP), name + " is an event loop"));
    }

    private static List<String> exportOverBothTransports(boolean blocks) throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        SignalConsumer<ExportTraceServiceRequest> pipeline = new SignalConsumer<>() {
            @Override
            public CompletionStage<Void> consume(ExportTraceServiceRequest data) {
                threads.add(Thread.currentThread().getName());
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public boolean blocksCaller() {
                return blocks;
            }
        };
        OtlpReceiver receiver = new OtlpReceiverFactory().create(
                new ComponentContext(ComponentKind.RECEIVER, ComponentId.parse("otlp"), new Telemetry()),
                new OtlpReceiverConfig(new ProtocolsConfig(RunningReceiver.grpc(null), RunningReceiver.http(null))),
                new ReceiverConsumers(Map.<Signal<?>, SignalConsumer<?>>of(Signal.TRACES, pipeline)));
        receiver.start(null);
        try {
            ManagedChannel channel = io.grpc.Grpc.newChannelBuilderForAddress("127.0.0.1", receiver.grpcPort(),
                    io.grpc.InsecureChannelCredentials.create()).build();
            try {
                TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .export(TestTraces.request("svc", 2));
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertEquals(200, new HttpSender(receiver.httpPort()).post("/v1/traces", "application/x-protobuf",
                    TestTraces.request("svc", 2).toByteArray()).statusCode());
        } finally {
            receiver.close();
        }
        return threads;
    }
}
