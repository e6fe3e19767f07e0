package io.spanvault.storage;

/** An operation (span name) of a service, with the span kind it was seen with, as Jaeger lists them. */
public record Operation(String name, String spanKind) {
}
