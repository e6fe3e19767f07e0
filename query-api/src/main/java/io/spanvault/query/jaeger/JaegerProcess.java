package io.spanvault.query.jaeger;

import java.util.List;

/**
 * The process that emitted spans (an OTLP resource): its service and its other attributes as tags. Equal
 * processes share one id in a trace's {@code processes} map.
 */
public record JaegerProcess(String serviceName, List<JaegerKeyValue> tags) {
}
