package io.spanvault.exporter.debug;

import com.google.protobuf.Message;
import io.spanvault.pipeline.signal.Signal;
import java.util.function.Consumer;

/** Turns one signal's requests into debug lines. */
interface SignalFormat<T> {

    /** One line with the request's counts. */
    String summary(T request);

    /** One line per item; when detailed, also each resource and scope and every field of each item. */
    void items(T request, boolean detailed, Consumer<String> out);

    @SuppressWarnings("unchecked")
    static <T extends Message> SignalFormat<T> of(Signal<T> signal) {
        if (signal == Signal.TRACES) {
            return (SignalFormat<T>) new TraceFormat();
        }
        if (signal == Signal.METRICS) {
            return (SignalFormat<T>) new MetricFormat();
        }
        if (signal == Signal.LOGS) {
            return (SignalFormat<T>) new LogFormat();
        }
        throw new IllegalArgumentException("no debug format for " + signal);
    }
}
