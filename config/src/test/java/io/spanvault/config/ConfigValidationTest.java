package io.spanvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.graph.PipelineId;
import io.spanvault.pipeline.graph.PipelineSpec;
import io.spanvault.pipeline.signal.Signal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    private static List<String> lines(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void validConfigGivesTheServiceSpec() throws Exception {
        ServiceConfig loaded = Loading.load("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                  zipkin:
                processors:
                  batch:
                exporters:
                  debug:
                  logging/copy:
                extensions:
                  health_check:
                service:
                  extensions: [health_check]
                  pipelines:
                    traces:
                      receivers: [otlp, zipkin]
                      processors: [batch]
                      exporters: [debug, logging/copy]
                    metrics/2:
                      receivers: [otlp]
                      exporters: [debug]
                """);
        assertEquals(List.of(ComponentId.parse("health_check")), loaded.spec().extensions());
        assertEquals(new PipelineSpec(List.of(ComponentId.parse("otlp"), ComponentId.parse("zipkin")),
                List.of(ComponentId.parse("batch")), List.of(ComponentId.parse("debug"), ComponentId.parse("logging/copy"))),
                loaded.spec().pipelines().get(new PipelineId(Signal.TRACES, "")));
        assertTrue(loaded.spec().pipelines().containsKey(new PipelineId(Signal.METRICS, "2")));
        assertEquals(List.of(), loaded.warnings());
        assertEquals(TelemetrySettings.DEFAULT, loaded.telemetry());
    }

    @Test
    void unknownComponentTypeListsTheKnownTypesAndPipelinesUsingItReportNothingMore() {
        List<ConfigProblem> problems = Loading.problems(Loading.COMPONENTS + """
                processors:
                  batchy:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batchy]
                      exporters: [debug]
                """);
        assertEquals(List.of("error: a.yaml: processors.batchy: unknown processor type 'batchy' (known: batch)"),
                lines(problems));
    }

    @Test
    void pipelineReferencingAnUndefinedComponentNamesIt() {
        List<ConfigProblem> problems = Loading.problems(Loading.COMPONENTS + """
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [debug, store/2]
                """);
        assertEquals(List.of(
                "error: a.yaml: service.pipelines.traces.processors: references processor 'batch', which is not defined under processors",
                "error: a.yaml: service.pipelines.traces.exporters: references exporter 'store/2', which is not defined under exporters or connectors (defined: debug)"),
                lines(problems));
    }

    @Test
    void unusedReceiverIsOnlyAWarningButAnUnusedExporterIsAnError() throws Exception {
        ServiceConfig loaded = Loading.load(Loading.COMPONENTS + Loading.PIPELINE, """
                receivers:
                  zipkin:
                """);
        assertEquals(List.of("warning: b.yaml: receivers.zipkin: receiver is not used by any pipeline, so it does not run"),
                lines(loaded.warnings()));

        List<ConfigProblem> problems = Loading.problems(Loading.COMPONENTS + """
                  store:
                """ + Loading.PIPELINE);
        assertEquals(List.of("error: a.yaml: exporters.store: exporter is not used by any pipeline"), lines(problems));
    }

    @Test
    void componentThatDoesNotSupportThePipelinesSignalIsAnError() {
        List<ConfigProblem> problems = Loading.problems(Loading.COMPONENTS + """
                  store:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [store]
                    logs:
                      receivers: [otlp]
                      exporters: [debug, store]
                """);
        assertEquals(List.of("error: a.yaml: service.pipelines.logs.exporters: exporter 'store' does not support logs"),
                lines(problems));
    }

    @Test
    void malformedServiceSectionsAreErrorsNamingTheKey() {
        List<ConfigProblem> problems = Loading.problems(Loading.COMPONENTS + """
                extras: true
                service:
                  extensions: [health_check]
                  pipeline: {}
                  pipelines:
                    spans:
                      receivers: [otlp]
                      exporters: [debug]
                    traces:
                      receivers: []
                      exporters: [debug]
                      procesors: [batch]
                """);
        List<String> lines = lines(problems);
        assertTrue(lines.contains("error: a.yaml: extras: unknown key 'extras' (known: receivers, processors, exporters, connectors, extensions, service)"), lines.toString());
        assertTrue(lines.contains("error: a.yaml: service.pipeline: unknown key 'pipeline' (known: extensions, pipelines, telemetry)"), lines.toString());
        assertTrue(lines.contains("error: a.yaml: service.extensions: references extension 'health_check', which is not defined under extensions"), lines.toString());
        assertTrue(lines.contains("error: a.yaml: service.pipelines.spans: pipeline 'spans' must start with traces, metrics or logs"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("error: a.yaml: service.pipelines.traces.procesors: unknown key 'procesors'")), lines.toString());
    }

    @Test
    void pipelineWithoutReceiversOrWithoutPipelinesIsAnError() {
        assertEquals(List.of("error: a.yaml: service.pipelines.traces.receivers: a pipeline needs at least one receiver"),
                lines(Loading.problems(Loading.COMPONENTS + Loading.PIPELINE.replace("[otlp]", "[]")))
                        .stream().filter(l -> l.contains("service.")).toList());
        assertTrue(lines(Loading.problems(Loading.COMPONENTS + "service:\n  pipelines:\n"))
                .contains("error: a.yaml: service.pipelines: no pipelines defined; the service needs at least one"));
    }

    @Test
    void aServiceOfExtensionsOnlyNeedsNoPipeline() throws Exception {
        ServiceConfig loaded = Loading.load("""
                extensions:
                  health_check:
                service:
                  extensions: [health_check]
                """);
        assertEquals(List.of(ComponentId.parse("health_check")), loaded.spec().extensions());
        assertEquals(Map.of(), loaded.spec().pipelines());
    }

    @Test
    void everyProblemIsReportedNotJustTheFirst() {
        List<ConfigProblem> problems = Loading.problems("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:99999
                      http:
                        endpont: x
                  nope:
                exporters:
                  debug:
                    verbosity: loud
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [debug, missing]
                """);
        assertEquals(5, problems.size(), lines(problems).toString());
        assertTrue(problems.stream().allMatch(ConfigProblem::isError));
    }

    @Test
    void problemsNameTheFileThatSetTheKey() {
        List<ConfigProblem> problems = Loading.problems(Loading.COMPONENTS + Loading.PIPELINE, """
                exporters:
                  debug:
                    verbosity: loud
                """);
        assertEquals(List.of("error: b.yaml: exporters.debug.verbosity: 'loud' is not one of basic, normal, detailed"),
                lines(problems));
    }

    @Test
    void laterFilesWinAndMapsMergeDeeply() throws Exception {
        ServiceConfig loaded = Loading.load("""
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:1111
                        max_recv_msg_size_mib: 8
                exporters:
                  debug:
                """ + Loading.PIPELINE, """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 0.0.0.0:2222
                service:
                  pipelines:
                    traces:
                      exporters: [debug, logging/2]
                exporters:
                  logging/2:
                """);
        TestComponents.Grpc grpc = ((TestComponents.OtlpConfig) loaded.spec()
                .config(ComponentKind.RECEIVER, ComponentId.parse("otlp"))).protocols().grpc();
        assertEquals(new Endpoint("0.0.0.0", 2222), grpc.endpoint());
        assertEquals(8, grpc.maxRecvMsgSizeMib());
        assertEquals(List.of(ComponentId.parse("debug"), ComponentId.parse("logging/2")),
                loaded.spec().pipelines().get(new PipelineId(Signal.TRACES, "")).exporters());
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeysNameTheFileAndLine() {
        List<String> syntax = lines(Loading.problems(Loading.COMPONENTS + Loading.PIPELINE, "receivers: [otlp\n"));
        assertEquals(1, syntax.size());
        assertTrue(syntax.get(0).startsWith("error: b.yaml: invalid YAML at line 1"), syntax.toString());

        List<String> duplicate = lines(Loading.problems(Loading.COMPONENTS + Loading.PIPELINE + "receivers:\n  zipkin:\n"));
        assertTrue(duplicate.get(0).startsWith("error: a.yaml: invalid YAML"), duplicate.toString());
        assertTrue(duplicate.get(0).contains("receivers"), duplicate.toString());
    }

    @Test
    void telemetrySettingsBindWithDefaultsAndValidation() throws Exception {
        ServiceConfig loaded = Loading.load(Loading.COMPONENTS + Loading.PIPELINE + """
                  telemetry:
                    metrics:
                      level: none
                    logs:
                      level: DEBUG
                """);
        assertEquals(new MetricsTelemetry(new Endpoint("127.0.0.1", 8888), MetricsLevel.NONE),
                loaded.telemetry().metrics());
        assertEquals(LogLevel.DEBUG, loaded.telemetry().logs().level());

        assertEquals(List.of(
                "error: a.yaml: service.telemetry.metrics.address: port 65536 in endpoint '0.0.0.0:65536' is out of range 0-65535"),
                lines(Loading.problems(Loading.COMPONENTS + Loading.PIPELINE + """
                          telemetry:
                            metrics:
                              address: 0.0.0.0:65536
                        """)));
        assertEquals(List.of("error: a.yaml: service.telemetry.logs.level: 'chatty' is not one of debug, info, warn, error"),
                lines(Loading.problems(Loading.COMPONENTS + Loading.PIPELINE + """
                          telemetry:
                            logs:
                              level: chatty
                        """)));
    }

    @Test
    void metricsLevelsThatCannotBeHonouredAreRefusedNamingTheKey() throws Exception {
        for (String level : List.of("basic", "detailed")) {
            assertEquals(List.of("error: a.yaml: service.telemetry.metrics.level: '" + level + "' is not supported:"
                    + " Spanvault reports one set of self-metrics; use normal (the default) or none"),
                    lines(Loading.problems(Loading.COMPONENTS + Loading.PIPELINE + """
                              telemetry:
                                metrics:
                                  level: %s
                            """.formatted(level))));
        }
        assertEquals(MetricsLevel.NORMAL, Loading.load(Loading.COMPONENTS + Loading.PIPELINE + """
                  telemetry:
                    metrics:
                      level: normal
                """).telemetry().metrics().level());
    }

    @Test
    void newerCollectorConfigsNameTheMetricsEndpointAsAPullPrometheusReader() throws Exception {
        ServiceConfig loaded = Loading.load(Loading.COMPONENTS + Loading.PIPELINE + """
                  telemetry:
                    metrics:
                      level: normal
                      readers:
                        - pull:
                            exporter:
                              prometheus:
                                host: 0.0.0.0
                                port: 18888
                """);
        assertEquals(new Endpoint("0.0.0.0", 18888), loaded.telemetry().metrics().address());

        assertEquals(List.of("error: a.yaml: service.telemetry.metrics.readers.0.periodic: periodic (push) readers are"
                + " not supported; use pull: {exporter: {prometheus: {host: ..., port: ...}}}",
                "error: a.yaml: service.telemetry.metrics.readers.0.pull: a reader needs pull: {exporter: {prometheus:"
                + " {host, port}}}"),
                lines(Loading.problems(Loading.COMPONENTS + Loading.PIPELINE + """
                          telemetry:
                            metrics:
                              readers:
                                - periodic:
                                    exporter:
                                      otlp:
                                        endpoint: http://collector:4318
                        """)));
        assertEquals(List.of("error: a.yaml: service.telemetry.metrics.readers: set either address or readers, not both"),
                lines(Loading.problems(Loading.COMPONENTS + Loading.PIPELINE + """
                          telemetry:
                            metrics:
                              address: 127.0.0.1:8888
                              readers:
                                - pull: {exporter: {prometheus: {port: 8888}}}
                        """)));
    }
}
