package io.spanvault.pipeline.graph;

import io.spanvault.pipeline.signal.Signal;
import java.util.Objects;

/** A pipeline's id under {@code service.pipelines}: {@code signal[/name]}, e.g. {@code traces/store}. */
public record PipelineId(Signal<?> signal, String name) {
    public PipelineId {
        Objects.requireNonNull(signal, "signal");
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code traces}, {@code metrics/2}; the message names an unknown signal. */
    public static PipelineId parse(String id) {
        int slash = id.indexOf('/');
        String signalName = slash < 0 ? id : id.substring(0, slash);
        Signal<?> signal = Signal.byName(signalName).orElseThrow(() -> new IllegalArgumentException(
                "pipeline '" + id + "' must start with traces, metrics or logs"));
        return new PipelineId(signal, slash < 0 ? "" : id.substring(slash + 1));
    }

    @Override
    public String toString() {
        return name.isEmpty() ? signal.name() : signal.name() + "/" + name;
    }

    // Written out: a record's generated equals and hashCode link method handles the first time they run, which
    // for the ids and keys hashed while a config loads was a measurable part of start-up (bench/README).
    @Override
    public boolean equals(Object other) {
        return other instanceof PipelineId id && signal.equals(id.signal) && name.equals(id.name);
    }

    @Override
    public int hashCode() {
        return 31 * signal.hashCode() + name.hashCode();
    }
}
