package io.spanvault.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * The YAML keys of a config record's components, in declaration order: the snake_case of each name, or its
 * {@code @JsonProperty} (e.g. {@code default}, a Java keyword). Looked up once per record class.
 */
final class RecordKeys {
    private static final ClassValue<List<String>> KEYS = new ClassValue<>() {
        @Override
        protected List<String> computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            String[] keys = new String[components.length];
            for (int i = 0; i < components.length; i++) {
                keys[i] = key(components[i]);
            }
            return List.of(keys);
        }
    };

    private RecordKeys() {
    }

    static List<String> of(Class<?> record) {
        return KEYS.get(record);
    }

    private static String key(RecordComponent component) {
        JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : snakeCase(component.getName());
    }

    /** {@code maxRequestBodySize} → {@code max_request_body_size}; a run of capitals is one word ({@code tlsCA} → {@code tls_ca}). */
    static String snakeCase(String name) {
        StringBuilder key = new StringBuilder(name.length() + 4);
        boolean previousUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i == 0 && c == '_') {
                continue;
            }
            boolean upper = Character.isUpperCase(c);
            if (upper && !previousUpper && key.length() > 0 && key.charAt(key.length() - 1) != '_') {
                key.append('_');
            }
            key.append(upper ? Character.toLowerCase(c) : c);
            previousUpper = upper;
        }
        return key.toString();
    }
}
