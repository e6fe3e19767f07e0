package io.spanvault.exporter.otlpclient;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.signal.Signal;
import java.util.function.Function;

/**
 * How one signal is exported over OTLP: the gRPC method, the HTTP path, and how to read the
 * partial-success part of the answer.
 */
public final class OtlpService<T extends Message> {
    private final String grpcMethod;
    private final String httpPath;
    private final Message responsePrototype;
    private final Function<Message, PartialSuccess> partialSuccess;

    private OtlpService(String grpcMethod, String httpPath, Message responsePrototype,
            Function<Message, PartialSuccess> partialSuccess) {
        this.grpcMethod = grpcMethod;
        this.httpPath = httpPath;
        this.responsePrototype = responsePrototype;
        this.partialSuccess = partialSuccess;
    }

    @SuppressWarnings("unchecked")
    public static <T extends Message> OtlpService<T> of(Signal<T> signal) {
        if (signal == Signal.TRACES) {
            return (OtlpService<T>) new OtlpService<ExportTraceServiceRequest>(
                    "opentelemetry.proto.collector.trace.v1.TraceService/Export", "/v1/traces",
                    ExportTraceServiceResponse.getDefaultInstance(), m -> {
                        var p = ((ExportTraceServiceResponse) m).getPartialSuccess();
                        return new PartialSuccess(p.getRejectedSpans(), p.getErrorMessage());
                    });
        }
        if (signal == Signal.METRICS) {
            return (OtlpService<T>) new OtlpService<ExportMetricsServiceRequest>(
                    "opentelemetry.proto.collector.metrics.v1.MetricsService/Export", "/v1/metrics",
                    ExportMetricsServiceResponse.getDefaultInstance(), m -> {
                        var p = ((ExportMetricsServiceResponse) m).getPartialSuccess();
                        return new PartialSuccess(p.getRejectedDataPoints(), p.getErrorMessage());
                    });
        }
        return (OtlpService<T>) new OtlpService<ExportLogsServiceRequest>(
                "opentelemetry.proto.collector.logs.v1.LogsService/Export", "/v1/logs",
                ExportLogsServiceResponse.getDefaultInstance(), m -> {
                    var p = ((ExportLogsServiceResponse) m).getPartialSuccess();
                    return new PartialSuccess(p.getRejectedLogRecords(), p.getErrorMessage());
                });
    }

    /** {@code package.Service/Export}. */
    public String grpcMethod() {
        return grpcMethod;
    }

    /** The default path below an OTLP/HTTP endpoint, e.g. {@code /v1/traces}. */
    public String httpPath() {
        return httpPath;
    }

    /** An empty response message, for its parser and builder. */
    public Message responsePrototype() {
        return responsePrototype;
    }

    public Parser<? extends Message> responseParser() {
        return responsePrototype.getParserForType();
    }

    public PartialSuccess partialSuccess(Message response) {
        return partialSuccess.apply(response);
    }

    /** Items the receiving side rejected, and why; {@link #isEmpty()} for a plain success. */
    public record PartialSuccess(long rejected, String message) {
        public boolean isEmpty() {
            return rejected == 0 && message.isEmpty();
        }
    }
}
