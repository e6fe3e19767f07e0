package io.spanvault.processor.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import io.spanvault.processor.actions.ActionConfig;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ResourceProcessorTest {
    private static final ComponentContext CONTEXT = new ComponentContext(ComponentKind.PROCESSOR,
            ComponentId.parse("resource"), new Telemetry());
    private static final ResourceConfig CONFIG = new ResourceConfig(List.of(
            new ActionConfig("deployment.environment", "prod", null, null, null, null, "insert"),
            new ActionConfig("service.name", null, null, null, null, null, "hash")));

    private static String describe(Resource r) {
        return r.getAttributesList().stream().map(KeyValue::getKey).collect(Collectors.joining(","));
    }

    @Test
    void editsTheResourceOfTraces() {
        CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);
        new ResourceProcessorFactory().create(CONTEXT, CONFIG, Signal.TRACES, out)
                .consume(TestTraces.request("checkout", 2)).toCompletableFuture().join();
        Resource r = out.received().get(0).getResourceSpans(0).getResource();
        assertEquals("service.name,deployment.environment", describe(r));
        assertEquals(64, r.getAttributes(0).getValue().getStringValue().length());
        assertEquals(2, out.itemCount(), "spans are kept");
    }

    @Test
    void editsTheResourceOfMetricsAndLogs() {
        CapturingConsumer<ExportMetricsServiceRequest> metrics = new CapturingConsumer<>(Signal.METRICS);
        new ResourceProcessorFactory().create(CONTEXT, CONFIG, Signal.METRICS, metrics).consume(
                ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(TestTraces.resource("a"))).build()).toCompletableFuture().join();
        assertEquals("service.name,deployment.environment",
                describe(metrics.received().get(0).getResourceMetrics(0).getResource()));

        CapturingConsumer<ExportLogsServiceRequest> logs = new CapturingConsumer<>(Signal.LOGS);
        new ResourceProcessorFactory().create(CONTEXT, CONFIG, Signal.LOGS, logs).consume(
                ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()).build())
                .toCompletableFuture().join();
        assertEquals("deployment.environment", describe(logs.received().get(0).getResourceLogs(0).getResource()));
    }
}
