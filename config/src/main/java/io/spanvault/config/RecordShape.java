package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Fits a section's tree to the record it binds to, before it is bound: a section written with nothing
 * under it ({@code grpc:}) becomes an empty map wherever a nested record is expected, so it binds to the
 * record with all defaults exactly like {@code grpc: {}} (an absent section stays null); and every key no
 * record component matches is reported and dropped, so all unknown keys are found at once.
 */
final class RecordShape {
    private RecordShape() {
    }

    /** Normalizes the tree below {@code node}, which binds to {@code type}, in place; returns false if it reported. */
    static boolean fit(JsonNode node, Type type, KeyPath at, ProblemReporter problems) {
        boolean clean = true;
        if (node instanceof ObjectNode object && type instanceof Class<?> c && c.isRecord()) {
            List<String> keys = RecordKeys.of(c);
            RecordComponent[] components = c.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                String key = keys.get(i);
                JsonNode value = object.get(key);
                if (value == null) {
                    continue;
                }
                if (value.isNull() && isRecord(component.getGenericType())) {
                    object.set(key, JsonNodeFactory.instance.objectNode());
                } else {
                    clean &= fit(value, component.getGenericType(), at.child(key), problems);
                }
            }
            Iterator<String> names = object.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!keys.contains(name)) {
                    problems.error(at.child(name), "unknown key '" + name + "'" + known(keys));
                    names.remove();
                    clean = false;
                }
            }
        } else if (type instanceof ParameterizedType generic) {
            Type[] args = generic.getActualTypeArguments();
            Type element = args[args.length - 1];
            if (node instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).isNull() && isRecord(element)) {
                        array.set(i, JsonNodeFactory.instance.objectNode());
                    } else {
                        clean &= fit(array.get(i), element, at.child(Integer.toString(i)), problems);
                    }
                }
            } else if (node instanceof ObjectNode map) {
                Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (field.getValue().isNull() && isRecord(element)) {
                        field.setValue(JsonNodeFactory.instance.objectNode());
                    } else {
                        clean &= fit(field.getValue(), element, at.child(field.getKey()), problems);
                    }
                }
            }
        }
        return clean;
    }

    private static String known(List<String> keys) {
        return keys.isEmpty() ? " (this section takes no keys)" : " (known: " + String.join(", ", new TreeSet<>(keys)) + ")";
    }

    private static boolean isRecord(Type type) {
        return type instanceof Class<?> c && c.isRecord();
    }
}
