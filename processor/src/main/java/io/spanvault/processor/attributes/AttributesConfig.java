package io.spanvault.processor.attributes;

import io.spanvault.processor.actions.ActionConfig;
import io.spanvault.processor.matching.MatchProperties;
import java.util.List;

/**
 * The {@code attributes} processor's config: {@code actions} applied in order to the attributes of each span
 * (or log record) selected by {@code include}/{@code exclude}.
 */
public record AttributesConfig(List<ActionConfig> actions, MatchProperties include, MatchProperties exclude) {
    public AttributesConfig {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
