package io.spanvault.processor.attributes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.Processor;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.telemetry.Telemetry;
import io.spanvault.pipeline.testkit.CapturingConsumer;
import io.spanvault.pipeline.testkit.TestTraces;
import io.spanvault.processor.actions.ActionConfig;
import io.spanvault.processor.matching.AttributeMatch;
import io.spanvault.processor.matching.MatchProperties;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttributesProcessorTest {
    private static final ComponentContext CONTEXT = new ComponentContext(ComponentKind.PROCESSOR,
            ComponentId.parse("attributes"), new Telemetry());
    private static final ActionConfig UPSERT_ENV = new ActionConfig("env", "prod", null, null, null, null, "upsert");

    private static String env(Span span) {
        for (KeyValue kv : span.getAttributesList()) {
            if (kv.getKey().equals("env")) {
                return kv.getValue().getStringValue();
            }
        }
        return null;
    }

    @Test
    void actsOnlyOnSelectedSpans() {
        MatchProperties include = new MatchProperties("strict", null, List.of("op-0", "op-1"), null, null, null, null);
        MatchProperties exclude = new MatchProperties("strict", null, List.of("op-1"), null, null, null, null);
        CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);
        Processor<ExportTraceServiceRequest> processor = new AttributesProcessorFactory().create(CONTEXT,
                new AttributesConfig(List.of(UPSERT_ENV), include, exclude), Signal.TRACES, out);

        processor.consume(TestTraces.request("checkout", 3)).toCompletableFuture().join();

        List<Span> spans = out.received().get(0).getResourceSpans(0).getScopeSpans(0).getSpansList();
        assertEquals("prod", env(spans.get(0)));
        assertEquals(null, env(spans.get(1)));
        assertEquals(null, env(spans.get(2)));
    }

    @Test
    void anUnchangedRequestIsPassedOnAsItIs() {
        MatchProperties include = new MatchProperties("strict", List.of("other"), null, null, null, null, null);
        CapturingConsumer<ExportTraceServiceRequest> out = new CapturingConsumer<>(Signal.TRACES);
        ExportTraceServiceRequest request = TestTraces.request("checkout", 2);
        new AttributesProcessorFactory().create(CONTEXT, new AttributesConfig(List.of(UPSERT_ENV), include, null),
                Signal.TRACES, out).consume(request).toCompletableFuture().join();
        assertSame(request, out.received().get(0));
    }

    @Test
    void actsOnLogRecordAttributes() {
        MatchProperties include = new MatchProperties("strict", null, null, null,
                List.of(new AttributeMatch("level", "error")), null, null);
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                .newBuilder().setResource(TestTraces.resource("checkout")).addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().addAttributes(TestTraces.stringAttribute("level", "error")))
                        .addLogRecords(LogRecord.newBuilder().addAttributes(TestTraces.stringAttribute("level", "info")))))
                .build();
        CapturingConsumer<ExportLogsServiceRequest> out = new CapturingConsumer<>(Signal.LOGS);
        new AttributesProcessorFactory().create(CONTEXT, new AttributesConfig(List.of(UPSERT_ENV), include, null),
                Signal.LOGS, out).consume(request).toCompletableFuture().join();
        List<LogRecord> records = out.received().get(0).getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
        assertEquals(2, records.get(0).getAttributesCount());
        assertEquals(1, records.get(1).getAttributesCount());
    }

    @Test
    void noActionsIsAConfigError() {
        assertEquals("actions", assertThrows(InvalidConfigException.class,
                () -> new AttributesProcessorFactory().create(CONTEXT, new AttributesProcessorFactory().defaultConfig(),
                        Signal.TRACES, new CapturingConsumer<>(Signal.TRACES))).key());
    }
}
