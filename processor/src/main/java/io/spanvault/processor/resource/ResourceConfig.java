package io.spanvault.processor.resource;

import io.spanvault.processor.actions.ActionConfig;
import java.util.List;

/** The {@code resource} processor's config: the actions, listed under {@code attributes} as in the collector. */
public record ResourceConfig(List<ActionConfig> attributes) {
    public ResourceConfig {
        attributes = attributes == null ? List.of() : List.copyOf(attributes);
    }
}
