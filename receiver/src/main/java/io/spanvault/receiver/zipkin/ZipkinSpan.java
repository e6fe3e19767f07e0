package io.spanvault.receiver.zipkin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Zipkin v2 span as decoded from any of the wire formats, before translation to OTLP. Filled field by
 * field by a decoder, so it is mutable; timestamps and durations in microseconds, 0 when absent.
 */
final class ZipkinSpan {
    long traceIdHigh;
    long traceIdLow;
    long id;
    long parentId;
    boolean hasParent;
    /** CLIENT, SERVER, PRODUCER, CONSUMER, or null. */
    String kind;
    String name = "";
    long timestamp;
    long duration;
    ZipkinEndpoint localEndpoint;
    ZipkinEndpoint remoteEndpoint;
    final List<Annotation> annotations = new ArrayList<>();
    final Map<String, String> tags = new LinkedHashMap<>();
    boolean debug;
    boolean shared;

    /** An event at {@code timestamp} µs. */
    record Annotation(long timestamp, String value) {
    }

    String localServiceName() {
        return localEndpoint == null ? null : localEndpoint.serviceName();
    }
}
