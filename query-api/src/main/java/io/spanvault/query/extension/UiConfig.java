package io.spanvault.query.extension;

import io.spanvault.pipeline.config.InvalidConfigException;

/** @param staticFiles a directory holding a built single-page UI (its {@code index.html} and assets) */
public record UiConfig(String staticFiles) {
    public UiConfig {
        if (staticFiles == null || staticFiles.isBlank()) {
            throw new InvalidConfigException("ui.static_files", "is required: the directory of a built UI");
        }
    }
}
