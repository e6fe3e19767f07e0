package io.spanvault.processor.matching;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * One attribute an include/exclude section asks for ({@code {key, value}}); without a value only the key
 * has to be present. With {@code match_type: regexp} the value is a pattern over the attribute's text.
 */
public record AttributeMatch(String key, Object value) {
    public AttributeMatch {
        if (key == null || key.isEmpty()) {
            throw new InvalidConfigException("key", "can't have empty key in the list of attributes");
        }
        if (value != null) {
            try {
                AnyValues.fromConfig(value);
            } catch (RuntimeException e) {
                throw new InvalidConfigException("value", e.getMessage());
            }
        }
    }
}
