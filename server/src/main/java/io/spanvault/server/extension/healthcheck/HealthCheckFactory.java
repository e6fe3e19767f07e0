package io.spanvault.server.extension.healthcheck;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.ExtensionFactory;
import java.time.Clock;

/** Creates the {@code health_check} extension. */
public final class HealthCheckFactory implements ExtensionFactory<HealthCheckConfig> {

    @Override
    public String type() {
        return "health_check";
    }

    @Override
    public Class<HealthCheckConfig> configType() {
        return HealthCheckConfig.class;
    }

    @Override
    public HealthCheckConfig defaultConfig() {
        return new HealthCheckConfig(null, null);
    }

    @Override
    public Extension create(ComponentContext context, HealthCheckConfig config) {
        return new HealthCheckExtension(config, Clock.systemUTC());
    }
}
