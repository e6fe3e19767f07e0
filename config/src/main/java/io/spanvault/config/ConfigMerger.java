package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges config documents as the collector does with several {@code --config} files: maps merge key by key,
 * anything else (scalars, lists) from the later document replaces the earlier value. Remembers which source
 * set each key.
 */
final class ConfigMerger {
    private final KeyOrigins origins;

    ConfigMerger(KeyOrigins origins) {
        this.origins = origins;
    }

    /** Records where the document's keys come from; call before expanding it so problems name its file. */
    void recordOrigins(JsonNode node, KeyPath path, String source) {
        origins.set(path, source);
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                recordOrigins(field.getValue(), path.child(field.getKey()), source);
            }
        }
    }

    /** Merges {@code overlay} into {@code base} in place. */
    void merge(ObjectNode base, ObjectNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            JsonNode value = field.getValue();
            if (existing instanceof ObjectNode existingMap && value instanceof ObjectNode valueMap) {
                merge(existingMap, valueMap);
            } else if (!(existing instanceof ObjectNode && value.isNull())) {
                // A later "section:" with nothing under it keeps what an earlier file put there.
                base.set(field.getKey(), value);
            }
        }
    }
}
