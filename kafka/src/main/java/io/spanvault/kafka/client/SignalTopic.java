package io.spanvault.kafka.client;

/** A signal's section of the exporter ({@code traces}, {@code metrics}, {@code logs}): its topic and encoding. */
public record SignalTopic(String topic, String encoding) {
}
