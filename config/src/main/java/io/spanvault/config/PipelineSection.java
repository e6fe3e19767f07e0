package io.spanvault.config;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.util.List;

/** One entry of {@code service.pipelines} as written: component ids, not yet checked against the sections. */
record PipelineSection(List<String> receivers, List<String> processors, List<String> exporters) {
    PipelineSection {
        receivers = ids("receivers", receivers, true);
        processors = ids("processors", processors, false);
        exporters = ids("exporters", exporters, true);
    }

    private static List<String> ids(String key, List<String> ids, boolean required) {
        if (ids == null || ids.isEmpty()) {
            if (required) {
                throw new InvalidConfigException(key, "a pipeline needs at least one " + key.substring(0, key.length() - 1));
            }
            return List.of();
        }
        if (ids.contains(null)) {
            throw new InvalidConfigException(key, "has an empty entry");
        }
        return List.copyOf(ids);
    }
}
