package io.spanvault.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * The YAML keys of a config record's components, in declaration order: the snake_case of each name, or its
 * {@code @JsonProperty} (e.g. {@code default}, a Java keyword). Looked up once per record class.
 */
final class RecordKeys {
    // Jackson's rule, which the fallback binder applies too, so both bind a record from the same keys
    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
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
        return renamed != null && !renamed.value().isEmpty() ? renamed.value() : SNAKE_CASE.translate(component.getName());
    }
}
