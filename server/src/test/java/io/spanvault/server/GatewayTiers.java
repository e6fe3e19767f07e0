package io.spanvault.server;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.spanvault.pipeline.testkit.TestTraces;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The configs and traffic of the tier tests: a load balancer in front of receiving instances that write
 * what they accept to a {@code file} exporter, and traces sent as one request per span position.
 */
final class GatewayTiers {
    private GatewayTiers() {
    }

    /** A backend on {@code port}: OTLP/gRPC in, then {@code processor} (a YAML map of one, or empty), file out. */
    static String fileBackend(int port, String processor, Path file) {
        String section = processor.isEmpty() ? "" : "processors:\n" + processor.indent(2);
        String id = processor.isEmpty() ? "" : processor.substring(0, processor.indexOf(':'));
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                %sexporters:
                  file:
                    path: %s
                    format: proto
                    flush_interval: 0s
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [%s]
                      exporters: [file]
                """.formatted(port, section, file, id);
    }

    /** A load balancer on {@code port} with a static list of {@code backends}; {@code otlp} is YAML. */
    static String loadBalancer(int port, String otlp, List<Integer> backends) {
        return """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                exporters:
                  loadbalancing:
                    protocol:
                      otlp:
                        tls:
                          insecure: true
                %s
                    resolver:
                      static:
                        hostnames: [%s]
                service:
                  telemetry:
                    metrics:
                      address: 127.0.0.1:0
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [loadbalancing]
                """.formatted(port, otlp.indent(8).stripTrailing(),
                backends.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(", ")));
    }

    /**
     * One request holding the {@code n}-th span of traces {@code first} to {@code first + count - 1} of
     * service {@code svc}; {@code edit} may change each span.
     */
    static ExportTraceServiceRequest nthSpans(long first, int count, int n, SpanEdit edit) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (long t = first; t < first + count; t++) {
            scope.addSpans(edit.apply(t, TestTraces.span(TestTraces.traceId(t), TestTraces.spanId(t * 10 + n + 1), "op",
                    1_000L, 2_000L).toBuilder()));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(TestTraces.resource("svc")).addScopeSpans(scope)).build();
    }

    /** Changes the span of trace number {@code trace}. */
    interface SpanEdit {
        SpanEdit NONE = (trace, span) -> span;

        Span.Builder apply(long trace, Span.Builder span);
    }
}
