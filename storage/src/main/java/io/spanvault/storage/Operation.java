package io.spanvault.storage;

/**
 * An operation (span name) of a service, with the span kind it was seen with, as Jaeger lists them:
 * {@code server}, {@code client}, {@code producer}, {@code consumer}, {@code internal}, or empty for an
 * unspecified kind.
 */
public record Operation(String name, String spanKind) {
}
