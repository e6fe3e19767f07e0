package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.spanvault.config.ConfigException;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigSource;
import io.spanvault.pipeline.component.ComponentRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OTLP/gRPC receiver's {@code keepalive} settings, in the Collector's configgrpc keys, from YAML to the wire. */
class GrpcKeepaliveEndToEndTest {
    private final InProcessServices services = new InProcessServices();

    @AfterEach
    void stop() {
        services.close();
    }

    private static String config(int port, String keepalive) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                        keepalive:
                %s
                exporters:
                  debug:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [debug]
                  telemetry:
                    metrics:
                      level: none
                """.formatted(port, keepalive.indent(10).stripTrailing());
    }

    @Test
    void aConnectionOlderThanMaxConnectionAgeIsSentAway() throws Exception {
        int port = InProcessServices.freePort();
        services.start("keepalive", config(port, """
                server_parameters:
                  max_connection_age: 500ms
                  max_connection_age_grace: 500ms
                  time: 1h
                  timeout: 10s
                enforcement_policy:
                  min_time: 1m
                  permit_without_stream: true"""));
        int control = InProcessServices.freePort();
        services.start("control", config(control, "server_parameters:"));
        ManagedChannel aged = exported(port);
        ManagedChannel kept = exported(control);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (aged.getState(false) == ConnectivityState.READY && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(ConnectivityState.IDLE, aged.getState(false), "the server ended the aged connection");
            assertEquals(ConnectivityState.READY, kept.getState(false), "without max_connection_age it stays");
            TraceServiceGrpc.newBlockingStub(aged).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .export(ExportTraceServiceRequest.getDefaultInstance());
        } finally {
            aged.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            kept.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A channel to {@code port} that has made one export, so it has connected. */
    private static ManagedChannel exported(int port) {
        ManagedChannel channel = Grpc.newChannelBuilder("127.0.0.1:" + port, InsecureChannelCredentials.create()).build();
        TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .export(ExportTraceServiceRequest.getDefaultInstance());
        return channel;
    }

    @Test
    void aBadKeepaliveValueIsAConfigErrorNamingItsKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(ComponentRegistry.loadInstalled())
                .load(List.of(new ConfigSource("bad.yaml", config(4317, """
                        server_parameters:
                          time: 0s
                        enforcement_policy:
                          min_tme: 1m""")))));
        String problems = e.problems().toString();
        assertTrue(problems.contains("receivers.otlp.protocols.grpc.keepalive.server_parameters.time"), problems);
        assertTrue(problems.contains("must be a positive duration"), problems);
        assertTrue(problems.contains("min_tme"), problems);
    }
}
