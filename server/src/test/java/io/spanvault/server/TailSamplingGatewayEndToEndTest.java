package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiers in one JVM on loopback: a load balancer routing by trace id to two tail-sampling gateways
 * ({@code acknowledge: on_decision}), each writing the traces it samples to a file. Every trace is sent as
 * three requests; only traces with an error span are sampled, whole, and each on one gateway. With
 * {@code on_decision} and the load balancer's queue off, the client's answer comes only once the decided
 * spans were written.
 */
class TailSamplingGatewayEndToEndTest {
    @TempDir
    Path dir;

    private final InProcessServices services = new InProcessServices();
    private ManagedChannel channel;

    @AfterEach
    void stopAll() {
        if (channel != null) {
            channel.shutdownNow();
        }
        services.close();
    }

    @Test
    void errorTracesAreSampledWholeOnOneGatewayAndAnsweredOnceWritten() throws Exception {
        int[] gateways = {InProcessServices.freePort(), InProcessServices.freePort()};
        for (int i = 0; i < 2; i++) {
            services.start("gateway-" + i, GatewayTiers.fileBackend(gateways[i], """
                    tail_sampling:
                      decision_wait: 300ms
                      num_traces: 1000
                      acknowledge: on_decision
                      policies:
                        - {name: errors, type: status_code, status_code: {status_codes: [ERROR]}}
                    """, file(i)));
        }
        int lbPort = InProcessServices.freePort();
        services.start("lb", GatewayTiers.loadBalancer(lbPort, """
                timeout: 10s
                sending_queue:
                  enabled: false
                """, List.of(gateways[0], gateways[1])));
        channel = Grpc.newChannelBuilder("127.0.0.1:" + lbPort, InsecureChannelCredentials.create()).build();
        TraceServiceGrpc.TraceServiceFutureStub client = TraceServiceGrpc.newFutureStub(channel);

        // 200 traces of three spans, sent as three concurrent requests (each answered only once decided, so
        // a sender that waited for one answer before sending the next would send late spans); every fourth
        // trace has an error in its last span only.
        Set<ByteString> errorTraces = new HashSet<>();
        List<Future<?>> answers = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            boolean last = n == 2;
            ExportTraceServiceRequest request = GatewayTiers.nthSpans(0, 200, n, (t, span) -> {
                if (last && t % 4 == 0) {
                    span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
                    errorTraces.add(span.getTraceId());
                }
                return span;
            });
            answers.add(client.withDeadlineAfter(30, TimeUnit.SECONDS).export(request));
        }
        for (Future<?> answer : answers) {
            answer.get(60, TimeUnit.SECONDS);
        }

        // Answered means decided and written: the files already hold every sampled span.
        Map<ByteString, Set<Integer>> gatewaysOfTrace = new HashMap<>();
        Map<ByteString, Integer> spansOfTrace = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            for (Span span : InProcessServices.spansIn(file(i))) {
                gatewaysOfTrace.computeIfAbsent(span.getTraceId(), t -> new HashSet<>()).add(i);
                spansOfTrace.merge(span.getTraceId(), 1, Integer::sum);
            }
        }
        assertEquals(errorTraces, gatewaysOfTrace.keySet(), "exactly the traces with an error are sampled");
        gatewaysOfTrace.values().forEach(on -> assertEquals(1, on.size()));
        spansOfTrace.values().forEach(n -> assertEquals(3, n, "a sampled trace keeps all its spans"));
        assertTrue(InProcessServices.spansIn(file(0)).size() > 0 && InProcessServices.spansIn(file(1)).size() > 0,
                "both gateways got a share");
    }

    private Path file(int gateway) {
        return dir.resolve("sampled-" + gateway + ".otlp");
    }
}
