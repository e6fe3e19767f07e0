package io.spanvault.receiver.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.testkit.TestTraces;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code max_connections} on OTLP/gRPC: connections past it are closed at accept, the others go on. */
class OtlpGrpcConnectionLimitTest {

    @Test
    void aConnectionPastTheLimitIsRefusedAndOneFreedSlotServesTheNext() throws Exception {
        GrpcServerConfig config = new GrpcServerConfig(new Endpoint("127.0.0.1", 0), null, null, null, null, null,
                null, 1);
        try (RunningReceiver running = RunningReceiver.start(config, null)) {
            ManagedChannel first = channel(running);
            ManagedChannel second = channel(running);
            ManagedChannel third = null;
            try {
                export(first);
                StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> export(second));
                assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
                export(first);
                assertEquals(2, running.traces.received().size());

                first.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                third = channel(running);
                ManagedChannel next = third;
                // the slot is given back once the server has seen the first connection close
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (true) {
                    try {
                        export(next);
                        break;
                    } catch (StatusRuntimeException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(50);
                    }
                }
                assertEquals(3, running.traces.received().size());
            } finally {
                first.shutdownNow();
                second.shutdownNow();
                if (third != null) {
                    third.shutdownNow();
                }
            }
        }
    }

    private static ManagedChannel channel(RunningReceiver running) {
        return Grpc.newChannelBuilderForAddress("127.0.0.1", running.receiver.grpcPort(),
                InsecureChannelCredentials.create()).build();
    }

    private static void export(ManagedChannel channel) {
        TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                .export(TestTraces.request("svc", 1));
    }
}
