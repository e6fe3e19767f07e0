package io.spanvault.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.config.ConfigException;
import io.spanvault.config.ConfigLoader;
import io.spanvault.config.ConfigProblem;
import io.spanvault.config.ConfigSource;
import io.spanvault.config.ServiceConfig;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.graph.ServiceGraph;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Connector misuse is reported as the Collector reports it, with the installed (real) connector factories. */
class ConnectorConfigValidationTest {
    private static final ComponentRegistry REGISTRY = ComponentRegistry.loadInstalled();
    private static final String COMPONENTS = """
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:0
            exporters:
              debug:
            """;

    private static List<String> problems(String yaml) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(REGISTRY, name -> null).load(List.of(new ConfigSource("c.yaml", yaml))));
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void aConnectorJoinsATracesPipelineToAMetricsPipeline() throws Exception {
        ServiceConfig config = new ConfigLoader(REGISTRY, name -> null).load(List.of(new ConfigSource("c.yaml", COMPONENTS + """
                connectors:
                  spanmetrics:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [spanmetrics]
                    metrics:
                      receivers: [spanmetrics]
                      exporters: [debug]
                """)));
        assertEquals(List.of(), config.warnings());
        ServiceGraph.build(config.spec(), REGISTRY, new Telemetry());
    }

    @Test
    void aConnectorUsedOnOneSideOnlyIsAnError() {
        assertEquals(List.of("error: c.yaml: connectors.spanmetrics: must be used as both receiver and exporter but is"
                + " not used as receiver"), problems(COMPONENTS + """
                connectors:
                  spanmetrics:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [debug, spanmetrics]
                """));
        assertEquals(List.of("error: c.yaml: connectors.servicegraph: must be used as both receiver and exporter but is"
                + " not used as exporter"), problems(COMPONENTS + """
                connectors:
                  servicegraph:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [debug]
                    metrics:
                      receivers: [servicegraph]
                      exporters: [debug]
                """));
    }

    @Test
    void aConnectorBetweenUnsupportedSignalsNamesThePipelines() {
        List<String> problems = problems(COMPONENTS + """
                connectors:
                  spanmetrics:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [spanmetrics]
                    logs/x:
                      receivers: [spanmetrics]
                      exporters: [debug]
                """);
        assertEquals(List.of(
                "error: c.yaml: connectors.spanmetrics: connector \"spanmetrics\" used as exporter in [traces] pipeline"
                        + " but not used in any supported receiver pipeline",
                "error: c.yaml: connectors.spanmetrics: connector \"spanmetrics\" used as receiver in [logs/x] pipeline"
                        + " but not used in any supported exporter pipeline"), problems);
    }

    @Test
    void aCycleThroughConnectorsIsNamedStepByStep() {
        List<String> problems = problems(COMPONENTS + """
                processors:
                  batch:
                connectors:
                  forward/a:
                  forward/b:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp, forward/b]
                      processors: [batch]
                      exporters: [forward/a]
                    traces/2:
                      receivers: [forward/a]
                      exporters: [forward/b, debug]
                """);
        assertEquals(List.of("error: c.yaml: service.pipelines: cycle detected: connector \"forward/a\" (traces to traces)"
                + " -> connector \"forward/b\" (traces to traces) -> processor \"batch\" in pipeline \"traces\""
                + " -> connector \"forward/a\" (traces to traces)"), problems);
    }

    @Test
    void anIdDefinedAsReceiverAndAsConnectorIsAmbiguous() {
        List<String> problems = problems(COMPONENTS + """
                connectors:
                  otlp:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [debug]
                """);
        assertTrue(problems.contains("error: c.yaml: service.pipelines.traces.receivers: ambiguous id 'otlp': both"
                + " receiver 'otlp' and connector 'otlp' are defined; rename one of them"), problems.toString());
    }

    @Test
    void anUnusedConnectorIsAWarningAndBadSettingsNameTheirKey() throws Exception {
        ServiceConfig config = new ConfigLoader(REGISTRY, name -> null).load(List.of(new ConfigSource("c.yaml", COMPONENTS + """
                connectors:
                  forward:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [debug]
                """)));
        assertEquals(List.of("warning: c.yaml: connectors.forward: connector is not used by any pipeline, so it does not run"),
                config.warnings().stream().map(ConfigProblem::toString).toList());
        List<String> problems = problems(COMPONENTS + """
                connectors:
                  spanmetrics:
                    aggregation_temporality: AGGREGATION_TEMPORALITY_SOMETIMES
                    dimensions:
                      - name: span.name
                    histogram:
                      explicit:
                      exponential:
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [spanmetrics]
                    metrics:
                      receivers: [spanmetrics]
                      exporters: [debug]
                """);
        assertTrue(problems.contains("error: c.yaml: connectors.spanmetrics.aggregation_temporality:"
                + " 'AGGREGATION_TEMPORALITY_SOMETIMES' is not one of AGGREGATION_TEMPORALITY_CUMULATIVE,"
                + " AGGREGATION_TEMPORALITY_DELTA"), problems.toString());
        assertTrue(problems.contains("error: c.yaml: connectors.spanmetrics.dimensions: duplicate dimension name span.name"),
                problems.toString());
        assertTrue(problems.contains("error: c.yaml: connectors.spanmetrics.histogram: use either `explicit` or"
                + " `exponential` buckets histogram"), problems.toString());
    }
}
