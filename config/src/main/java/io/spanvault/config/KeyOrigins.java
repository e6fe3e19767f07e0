package io.spanvault.config;

import java.util.HashMap;
import java.util.Map;

/** Which source last set each key, so a problem found after merging can name its file. */
final class KeyOrigins {
    private final Map<KeyPath, String> sources = new HashMap<>();
    private String fallback = "config";

    void set(KeyPath key, String source) {
        sources.put(key, source);
        fallback = source;
    }

    /** The source of the key, else of its nearest ancestor that has one, else of the last source read. */
    String sourceOf(KeyPath key) {
        for (KeyPath k = key; ; k = k.parent()) {
            String source = sources.get(k);
            if (source != null) {
                return source;
            }
            if (k.isRoot()) {
                return fallback;
            }
        }
    }
}
