package io.spanvault.receiver.otlp;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.signal.Signal;
import java.util.List;

/**
 * One of OTLP's three export services ({@code TraceService}, {@code MetricsService}, {@code LogsService}):
 * its signal, request and response types, and how it answers a partial success. Both transports serve
 * the same three.
 *
 * @param <T> the export request
 * @param <R> the export response
 */
public final class OtlpService<T extends Message, R extends Message> {

    public static final OtlpService<ExportTraceServiceRequest, ExportTraceServiceResponse> TRACES =
            new OtlpService<>(Signal.TRACES, "opentelemetry.proto.collector.trace.v1.TraceService",
                    ExportTraceServiceRequest.getDefaultInstance(), ExportTraceServiceResponse.getDefaultInstance());
    public static final OtlpService<ExportMetricsServiceRequest, ExportMetricsServiceResponse> METRICS =
            new OtlpService<>(Signal.METRICS, "opentelemetry.proto.collector.metrics.v1.MetricsService",
                    ExportMetricsServiceRequest.getDefaultInstance(),
                    ExportMetricsServiceResponse.getDefaultInstance());
    public static final OtlpService<ExportLogsServiceRequest, ExportLogsServiceResponse> LOGS =
            new OtlpService<>(Signal.LOGS, "opentelemetry.proto.collector.logs.v1.LogsService",
                    ExportLogsServiceRequest.getDefaultInstance(), ExportLogsServiceResponse.getDefaultInstance());

    private static final List<OtlpService<?, ?>> ALL = List.of(TRACES, METRICS, LOGS);

    private final Signal<T> signal;
    private final String grpcServiceName;
    private final T requestPrototype;
    private final R responsePrototype;

    private OtlpService(Signal<T> signal, String grpcServiceName, T requestPrototype, R responsePrototype) {
        this.signal = signal;
        this.grpcServiceName = grpcServiceName;
        this.requestPrototype = requestPrototype;
        this.responsePrototype = responsePrototype;
    }

    public static List<OtlpService<?, ?>> all() {
        return ALL;
    }

    public Signal<T> signal() {
        return signal;
    }

    /** The fully qualified gRPC service name, e.g. {@code opentelemetry.proto.collector.trace.v1.TraceService}. */
    public String grpcServiceName() {
        return grpcServiceName;
    }

    public T requestPrototype() {
        return requestPrototype;
    }

    public R responsePrototype() {
        return responsePrototype;
    }

    /** The response for an accepted request; with rejected items it carries {@code partial_success}. */
    @SuppressWarnings("unchecked")
    R response(int rejectedItems, String errorMessage) {
        if (rejectedItems == 0) {
            return responsePrototype;
        }
        if (this == (Object) TRACES) {
            return (R) ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejectedItems).setErrorMessage(errorMessage)).build();
        }
        throw new IllegalStateException(signal + " items are not validated one by one");
    }

    @Override
    public String toString() {
        return signal.name();
    }
}
