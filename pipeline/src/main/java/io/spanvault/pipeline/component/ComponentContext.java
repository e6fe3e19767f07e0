package io.spanvault.pipeline.component;

import io.spanvault.pipeline.telemetry.Telemetry;
import java.util.Objects;

/** What a factory hands to the component it creates: who it is and where it reports. */
public record ComponentContext(ComponentKind kind, ComponentId id, Telemetry telemetry) {
    public ComponentContext {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(telemetry, "telemetry");
    }
}
