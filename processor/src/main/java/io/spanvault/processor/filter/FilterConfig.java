package io.spanvault.processor.filter;

import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * The {@code filter} processor's config for traces: either the older {@code spans} include/exclude form or
 * {@code traces} conditions (not both, as in the collector). {@code error_mode} defaults to {@code ignore},
 * the collector's default since v0.150; the supported condition subset cannot fail at evaluation (mixed-type
 * comparisons are false, as in OTTL), so it only matters for compatibility with pasted configs.
 */
public record FilterConfig(String errorMode, SpansMatchConfig spans, TraceConditionsConfig traces) {
    public FilterConfig {
        ErrorMode.parse(errorMode);
        if (spans != null && traces != null) {
            throw new InvalidConfigException("traces", "cannot be used together with \"spans\" "
                    + "(include/exclude); choose one form");
        }
    }

    public ErrorMode mode() {
        return ErrorMode.parse(errorMode);
    }
}
