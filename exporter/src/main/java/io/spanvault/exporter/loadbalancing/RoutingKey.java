package io.spanvault.exporter.loadbalancing;

import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.signal.Signal;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What decides an item's backend, as the collector's {@code routing_key}: the trace id (spans, log records),
 * the resource's service name or whole identity, the metric's name, or a metric stream (resource, scope,
 * metric and data point attributes).
 */
public enum RoutingKey {
    TRACE_ID("traceID", List.of(Signal.TRACES, Signal.LOGS)),
    SERVICE("service", List.of(Signal.TRACES, Signal.LOGS, Signal.METRICS)),
    RESOURCE("resource", List.of(Signal.LOGS, Signal.METRICS)),
    METRIC("metric", List.of(Signal.METRICS)),
    STREAM_ID("streamID", List.of(Signal.METRICS));

    private final String configValue;
    private final List<Signal<?>> signals;

    RoutingKey(String configValue, List<Signal<?>> signals) {
        this.configValue = configValue;
        this.signals = signals;
    }

    public String configValue() {
        return configValue;
    }

    static RoutingKey parse(String value) {
        for (RoutingKey key : values()) {
            if (key.configValue.equals(value)) {
                return key;
            }
        }
        throw new InvalidConfigException("routing_key", "'" + value + "' is not supported; use one of "
                + Arrays.stream(values()).map(RoutingKey::configValue).collect(Collectors.joining(", ")));
    }

    /** The collector's defaults: {@code traceID} for traces, {@code service} for logs and metrics. */
    static RoutingKey forSignal(String value, Signal<?> signal) {
        if (value == null) {
            return signal == Signal.TRACES ? TRACE_ID : SERVICE;
        }
        RoutingKey key = parse(value);
        if (!key.signals.contains(signal)) {
            throw new InvalidConfigException("routing_key", "'" + value + "' does not route " + signal.name()
                    + "; for " + signal.name() + " use one of " + Arrays.stream(values())
                            .filter(k -> k.signals.contains(signal)).map(RoutingKey::configValue)
                            .collect(Collectors.joining(", ")));
        }
        return key;
    }
}
