package io.spanvault.kafka.client;

import io.spanvault.pipeline.signal.Signal;

/** The Collector's default topic of each signal. */
public final class DefaultTopics {
    private DefaultTopics() {
    }

    public static String of(Signal<?> signal) {
        return switch (signal.name()) {
            case "traces" -> "otlp_spans";
            case "metrics" -> "otlp_metrics";
            case "logs" -> "otlp_logs";
            default -> throw new IllegalArgumentException("no default topic for " + signal);
        };
    }
}
