package io.spanvault.query.zipkin;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Zipkin's {@code annotationQuery}: terms joined by {@code and}; {@code key=value} needs a tag with that value,
 * a bare {@code key} a tag with that key or an annotation with that value (e.g. {@code error},
 * {@code wire.send}).
 */
record AnnotationQuery(Map<String, String> tags, Set<String> keys) {

    static AnnotationQuery parse(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        Set<String> keys = new LinkedHashSet<>();
        if (text != null) {
            for (String term : text.split(" and ")) {
                String t = term.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int eq = t.indexOf('=');
                if (eq < 0) {
                    keys.add(t);
                } else if (eq == 0) {
                    throw new IllegalArgumentException("annotationQuery term '" + t + "' has no key");
                } else {
                    tags.put(t.substring(0, eq), t.substring(eq + 1));
                }
            }
        }
        return new AnnotationQuery(Map.copyOf(tags), Set.copyOf(keys));
    }
}
