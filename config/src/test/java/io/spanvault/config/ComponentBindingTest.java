package io.spanvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.config.TestComponents.BatchConfig;
import io.spanvault.config.TestComponents.DebugConfig;
import io.spanvault.config.TestComponents.OtlpConfig;
import io.spanvault.config.TestComponents.StoreConfig;
import io.spanvault.config.TestComponents.Verbosity;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.config.Endpoint;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ComponentBindingTest {

    private static Object config(ServiceConfig loaded, ComponentKind kind, String id) {
        return loaded.spec().config(kind, ComponentId.parse(id));
    }

    private static ConfigProblem onlyProblem(String yaml) {
        List<ConfigProblem> problems = Loading.problems(yaml + Loading.PIPELINE);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void emptySectionBindsToDefaultsAndAbsentSectionStaysNull() throws Exception {
        ServiceConfig loaded = Loading.load(Loading.COMPONENTS + Loading.PIPELINE);
        OtlpConfig otlp = (OtlpConfig) config(loaded, ComponentKind.RECEIVER, "otlp");
        assertEquals(new Endpoint("127.0.0.1", 4317), otlp.protocols().grpc().endpoint());
        assertEquals(4, otlp.protocols().grpc().maxRecvMsgSizeMib());
        assertNull(otlp.protocols().http());
        assertEquals(Verbosity.BASIC, ((DebugConfig) config(loaded, ComponentKind.EXPORTER, "debug")).verbosity());
    }

    @Test
    void emptySectionIsTheSameAsAnEmptyMap() throws Exception {
        ServiceConfig bare = Loading.load(Loading.COMPONENTS + Loading.PIPELINE);
        ServiceConfig braces = Loading.load(Loading.COMPONENTS.replace("grpc:", "grpc: {}") + Loading.PIPELINE);
        assertEquals(config(bare, ComponentKind.RECEIVER, "otlp"), config(braces, ComponentKind.RECEIVER, "otlp"));
    }

    @Test
    void bindsSnakeCaseKeysDurationsEndpointsEnumsListsAndMaps() throws Exception {
        ServiceConfig loaded = Loading.load("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 0.0.0.0:14317
                        max_recv_msg_size_mib: 16
                      http:
                        endpoint: "[::1]:14318"
                        headers: {x-team: core}
                processors:
                  batch:
                    send_batch_size: 100
                    timeout: 1h30m
                exporters:
                  debug:
                    verbosity: Detailed
                  store:
                    data_dir: /var/lib/spanvault
                    tags: [a, b]
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [debug, store]
                """);
        OtlpConfig otlp = (OtlpConfig) config(loaded, ComponentKind.RECEIVER, "otlp");
        assertEquals(new Endpoint("0.0.0.0", 14317), otlp.protocols().grpc().endpoint());
        assertEquals(16, otlp.protocols().grpc().maxRecvMsgSizeMib());
        assertEquals(new Endpoint("::1", 14318), otlp.protocols().http().endpoint());
        assertEquals(Map.of("x-team", "core"), otlp.protocols().http().headers());
        BatchConfig batch = (BatchConfig) config(loaded, ComponentKind.PROCESSOR, "batch");
        assertEquals(100, batch.sendBatchSize());
        assertEquals(Duration.ofMinutes(90), batch.timeout());
        assertEquals(Verbosity.DETAILED, ((DebugConfig) config(loaded, ComponentKind.EXPORTER, "debug")).verbosity());
        assertEquals(new StoreConfig("/var/lib/spanvault", List.of("a", "b")),
                config(loaded, ComponentKind.EXPORTER, "store"));
    }

    @Test
    void unknownKeyIsAnErrorListingTheKnownOnes() {
        ConfigProblem problem = onlyProblem("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpont: 127.0.0.1:4317
                exporters:
                  debug:
                """);
        assertEquals("a.yaml", problem.source());
        assertEquals("receivers.otlp.protocols.grpc.endpont", problem.key().toString());
        assertTrue(problem.message().contains("unknown key 'endpont'"), problem.message());
        assertTrue(problem.message().contains("endpoint, max_recv_msg_size_mib"), problem.message());
    }

    @Test
    void wrongValueTypesNameTheKeyAndWhatWasExpected() {
        List<ConfigProblem> problems = Loading.problems("""
                receivers:
                  otlp:
                    protocols: [grpc]
                processors:
                  batch:
                    send_batch_size: lots
                  batch/2:
                    send_batch_size: 1.5
                  batch/3:
                    enabled: maybe
                exporters:
                  debug:
                  store:
                    tags: single
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch, batch/2, batch/3]
                      exporters: [debug, store]
                """);
        assertEquals(List.of(
                "error: a.yaml: receivers.otlp.protocols: expected a map of keys, got a list",
                "error: a.yaml: processors.batch.send_batch_size: expected an integer, got 'lots'",
                "error: a.yaml: processors.batch/2.send_batch_size: expected an integer, got '1.5'",
                "error: a.yaml: processors.batch/3.enabled: expected true or false, got 'maybe'",
                "error: a.yaml: exporters.store.tags: expected a list, got 'single'"),
                problems.stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void badDurationNamesTheKeyAndTheFormat() {
        List<ConfigProblem> problems = Loading.problems(Loading.COMPONENTS + """
                processors:
                  batch:
                    timeout: 5 apples
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [debug]
                """);
        assertEquals(1, problems.size(), problems.toString());
        ConfigProblem problem = problems.get(0);
        assertEquals("processors.batch.timeout", problem.key().toString());
        assertTrue(problem.message().contains("is not a duration"), problem.message());
    }

    @Test
    void portOutOfRangeNamesTheEndpointKey() {
        ConfigProblem problem = onlyProblem("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:70000
                exporters:
                  debug:
                """);
        assertEquals("receivers.otlp.protocols.grpc.endpoint", problem.key().toString());
        assertTrue(problem.message().contains("out of range"), problem.message());
    }

    @Test
    void recordValidationGetsTheComponentPathPrefixed() {
        ConfigProblem relativeToRecord = onlyProblem("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        max_recv_msg_size_mib: 0
                exporters:
                  debug:
                """);
        assertEquals("receivers.otlp.protocols.grpc.max_recv_msg_size_mib", relativeToRecord.key().toString());
        assertEquals("must be positive, got 0", relativeToRecord.message());

        ConfigProblem relativeToComponent = onlyProblem("""
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:4317
                exporters:
                  debug:
                """);
        assertEquals("receivers.otlp.protocols.http.endpoint", relativeToComponent.key().toString());
    }

    @Test
    void unknownEnumValueListsTheAcceptedOnes() {
        ConfigProblem problem = onlyProblem("""
                receivers:
                  otlp:
                exporters:
                  debug:
                    verbosity: loud
                """);
        assertEquals("exporters.debug.verbosity", problem.key().toString());
        assertEquals("'loud' is not one of basic, normal, detailed", problem.message());
    }
}
