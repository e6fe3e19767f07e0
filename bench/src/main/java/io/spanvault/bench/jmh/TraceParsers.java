package io.spanvault.bench.jmh;

import com.google.protobuf.Parser;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.signal.Signal;

/**
 * The two ways a trace request can be parsed: as the receivers parse it (strings kept as bytes) and with
 * protobuf's generated parser (strings decoded at once), for the benchmarks' {@code parser} parameter.
 */
final class TraceParsers {
    private TraceParsers() {
    }

    static Parser<ExportTraceServiceRequest> named(String name) {
        return switch (name) {
            case "receiver" -> Signal.TRACES.parser();
            case "generated" -> ExportTraceServiceRequest.parser();
            default -> throw new IllegalArgumentException("parser must be receiver or generated: " + name);
        };
    }
}
