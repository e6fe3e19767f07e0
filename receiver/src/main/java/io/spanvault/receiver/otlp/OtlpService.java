package io.spanvault.receiver.otlp;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.otlp.SpanIdValidator;
import io.spanvault.pipeline.signal.Signal;
import io.spanvault.pipeline.otlp.SpanWindow;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One of OTLP's three export services ({@code TraceService}, {@code MetricsService}, {@code LogsService}):
 * its signal, request and response types, and which items it checks one by one (spans' ids). Both transports serve
 * the same three.
 *
 * @param <T> the export request
 * @param <R> the export response
 */
public final class OtlpService<T extends Message, R extends Message> {

    public static final OtlpService<ExportTraceServiceRequest, ExportTraceServiceResponse> TRACES =
            new OtlpService<>(Signal.TRACES, "opentelemetry.proto.collector.trace.v1.TraceService",
                    ExportTraceServiceResponse.getDefaultInstance(), OtlpService::checkSpans);
    public static final OtlpService<ExportMetricsServiceRequest, ExportMetricsServiceResponse> METRICS =
            new OtlpService<>(Signal.METRICS, "opentelemetry.proto.collector.metrics.v1.MetricsService",
                    ExportMetricsServiceResponse.getDefaultInstance(), null);
    public static final OtlpService<ExportLogsServiceRequest, ExportLogsServiceResponse> LOGS =
            new OtlpService<>(Signal.LOGS, "opentelemetry.proto.collector.logs.v1.LogsService",
                    ExportLogsServiceResponse.getDefaultInstance(), null);

    private static final List<OtlpService<?, ?>> ALL = List.of(TRACES, METRICS, LOGS);

    private final Signal<T> signal;
    private final String grpcServiceName;
    private final R responsePrototype;
    private final BiFunction<T, SpanWindow, Checked<T, R>> check;

    private OtlpService(Signal<T> signal, String grpcServiceName, R responsePrototype,
            BiFunction<T, SpanWindow, Checked<T, R>> check) {
        this.signal = signal;
        this.grpcServiceName = grpcServiceName;
        this.responsePrototype = responsePrototype;
        this.check = check != null ? check : (request, window) -> new Checked<>(request, 0, 0, responsePrototype);
    }

    /**
     * What is left of a request after its items were checked one by one: the part to forward, how many items
     * were dropped (of them, how many for starting outside the window), and the response to give once the
     * pipeline accepted the rest.
     */
    record Checked<T, R>(T forward, int rejected, int outsideWindow, R response) {
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
        return signal.defaultInstance();
    }

    public R responsePrototype() {
        return responsePrototype;
    }

    /** Checks the request's items; spans also against {@code window}, the stores' window (null when none). */
    Checked<T, R> check(T request, SpanWindow window) {
        return check.apply(request, window);
    }

    private static Checked<ExportTraceServiceRequest, ExportTraceServiceResponse> checkSpans(
            ExportTraceServiceRequest request, SpanWindow window) {
        SpanIdValidator.Result result = SpanIdValidator.validate(request, window);
        if (result.allValid()) {
            return new Checked<>(request, 0, 0, ExportTraceServiceResponse.getDefaultInstance());
        }
        return new Checked<>(result.accepted(), result.rejectedSpans(), result.outsideWindow(),
                ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(result.rejectedSpans())
                        .setErrorMessage(result.message()))
                .build());
    }

    @Override
    public String toString() {
        return signal.name();
    }
}
