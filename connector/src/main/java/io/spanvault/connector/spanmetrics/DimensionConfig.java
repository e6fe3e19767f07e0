package io.spanvault.connector.spanmetrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * One extra dimension: the span attribute (or else resource attribute) {@code name}; when neither has it,
 * {@code default} if set, else the dimension is left out of that series.
 */
public record DimensionConfig(String name, @JsonProperty("default") String defaultValue) {
    public DimensionConfig {
        if (name == null || name.isBlank()) {
            throw new InvalidConfigException("name", "must be set");
        }
    }
}
