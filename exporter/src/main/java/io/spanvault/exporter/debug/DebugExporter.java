package io.spanvault.exporter.debug;

import com.google.protobuf.Message;
import io.spanvault.pipeline.component.Exporter;
import io.spanvault.pipeline.signal.Signal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** Writes what it receives as text lines, at the configured verbosity, and accepts everything. */
final class DebugExporter<T extends Message> implements Exporter<T> {
    private final SignalFormat<T> format;
    private final Verbosity verbosity;
    private final Consumer<String> out;

    DebugExporter(Signal<T> signal, Verbosity verbosity, Consumer<String> out) {
        this.format = SignalFormat.of(signal);
        this.verbosity = verbosity;
        this.out = out;
    }

    @Override
    public CompletionStage<Void> consume(T data) {
        out.accept(format.summary(data));
        if (verbosity != Verbosity.BASIC) {
            format.items(data, verbosity == Verbosity.DETAILED, out);
        }
        return CompletableFuture.completedFuture(null);
    }
}
