package io.spanvault.storage.backend;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.spanvault.storage.TraceStore;
import java.util.Objects;

/**
 * One named backend of the storage extension: its type (the single key under the backend's name, e.g.
 * {@code chronicle}) and that type's config record, bound by {@link BackendConfigDeserializer}. Not a
 * record, so that config binding does not try to fit its keys to components: they depend on the type.
 */
@JsonDeserialize(using = BackendConfigDeserializer.class)
public final class BackendConfig {
    private final TraceStoreFactory<Object> factory;
    private final Object config;

    @SuppressWarnings("unchecked")
    public <C> BackendConfig(TraceStoreFactory<C> factory, C config) {
        this.factory = (TraceStoreFactory<Object>) Objects.requireNonNull(factory, "factory");
        this.config = Objects.requireNonNull(config, "config");
    }

    public String type() {
        return factory.type();
    }

    public Object config() {
        return config;
    }

    void prepare() {
        factory.prepare(config);
    }

    TraceStore open(BackendContext context) {
        return factory.open(config, context);
    }

    @Override
    public String toString() {
        return type() + ": " + config;
    }
}
