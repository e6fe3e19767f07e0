package io.spanvault.query.jaeger;

import java.util.List;

/** A timestamped span log (an OTLP span event); the event's name is the field {@code event}. */
public record JaegerLog(long timestampMicros, List<JaegerKeyValue> fields) {
}
