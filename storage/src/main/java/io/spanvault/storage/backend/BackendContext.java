package io.spanvault.storage.backend;

import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.Objects;

/**
 * What a backend is opened with: its name (the key under {@code backends}) and where it reports its
 * {@code spanvault_store_*} gauges, labelled {@code backend=<name>}.
 */
public record BackendContext(String name, Telemetry telemetry) {
    public BackendContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(telemetry, "telemetry");
    }

    public Labels labels() {
        return Labels.of("backend", name);
    }
}
