package io.spanvault.config;

import io.spanvault.pipeline.graph.ServiceSpec;
import java.util.List;
import java.util.Objects;

/**
 * A loaded, valid config: the components and pipelines to run, the service's telemetry settings, and the
 * warnings found on the way (e.g. a receiver no pipeline uses).
 */
public record ServiceConfig(ServiceSpec spec, TelemetrySettings telemetry, List<ConfigProblem> warnings) {
    public ServiceConfig {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(telemetry, "telemetry");
        warnings = List.copyOf(warnings);
    }
}
