package io.spanvault.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.GoDuration;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds a config tree, already fitted by {@link RecordShape}, to a config record through its canonical
 * constructor: the value types config records use (text, numbers, booleans, enums by name in any case, Go
 * durations, endpoints, lists, maps, nested records) with YAML's scalar coercions as Jackson applied them. It
 * replaces Jackson databind's bean introspection, which cost a third of the server's start-up on its main
 * thread; a type it does not know (one with its own Jackson deserializer) is bound by {@link JacksonFallback}.
 * The first bad value is thrown as a {@link Failure} naming its key.
 */
final class RecordBinder {
    private static final ClassValue<Constructor<?>> CANONICAL = new ClassValue<>() {
        @Override
        protected Constructor<?> computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] parameters = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                parameters[i] = components[i].getType();
            }
            try {
                Constructor<?> constructor = type.getDeclaredConstructor(parameters);
                constructor.setAccessible(true);
                return constructor;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", e);
            }
        }
    };

    /** A value that does not bind: its key and what is wrong with it. */
    static final class Failure extends Exception {
        private final KeyPath key;

        Failure(KeyPath key, String message) {
            super(message, null, false, false);
            this.key = key;
        }

        KeyPath key() {
            return key;
        }
    }

    private final JacksonFallback fallback;

    RecordBinder(JacksonFallback fallback) {
        this.fallback = fallback;
    }

    /** The value of {@code node} (null when absent) as {@code type}; {@code component} is the section being bound. */
    Object bind(JsonNode node, Type type, KeyPath at, KeyPath component) throws Failure {
        Class<?> raw = raw(type);
        if (raw.isPrimitive()) {
            return primitive(node, raw, at);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (raw == String.class) {
            return text(node, raw, at);
        }
        if (raw == Integer.class || raw == Long.class || raw == Short.class || raw == Double.class
                || raw == Float.class || raw == Boolean.class) {
            return primitive(node, raw, at);
        }
        if (raw == Duration.class || raw == Endpoint.class) {
            return parsed(node, raw, at);
        }
        if (raw.isEnum()) {
            return enumConstant(node, raw, at);
        }
        if (raw == Object.class) {
            return natural(node);
        }
        if (raw.isRecord()) {
            return record(node, raw, at, component);
        }
        if ((raw == List.class || raw == Collection.class || raw == Set.class) && type instanceof ParameterizedType generic) {
            return collection(node, raw == Set.class, generic.getActualTypeArguments()[0], at, component);
        }
        if (raw == Map.class && type instanceof ParameterizedType generic
                && generic.getActualTypeArguments()[0] == String.class) {
            return map(node, generic.getActualTypeArguments()[1], at, component);
        }
        if (raw == JsonNode.class) {
            return node;
        }
        return fallback.bind(node, type, at);
    }

    private Object record(JsonNode node, Class<?> type, KeyPath at, KeyPath component) throws Failure {
        if (!node.isObject()) {
            throw mismatch(type, node, at);
        }
        RecordComponent[] components = type.getRecordComponents();
        List<String> keys = RecordKeys.of(type);
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String key = keys.get(i);
            values[i] = bind(node.get(key), components[i].getGenericType(), at.child(key), component);
        }
        try {
            return CANONICAL.get(type).newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InvalidConfigException bad) {
                throw new Failure(under(at, component, bad.key()), bad.problem());
            }
            throw new Failure(at, String.valueOf(cause.getMessage()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName(), e);
        }
    }

    /**
     * The key a record's own validation names. A nested record may name its key relative to itself
     * ({@code endpoint}) or to the component ({@code protocols.grpc.endpoint}); both land on the same path.
     */
    static KeyPath under(KeyPath record, KeyPath component, String key) {
        if (record.equals(component) || key.isEmpty()) {
            return record.resolve(key);
        }
        String relative = String.join(".", record.segments().subList(component.segments().size(), record.segments().size()));
        return key.equals(relative) || key.startsWith(relative + ".") ? component.resolve(key) : record.resolve(key);
    }

    private Object collection(JsonNode node, boolean set, Type element, KeyPath at, KeyPath component) throws Failure {
        if (!node.isArray()) {
            throw mismatch(List.class, node, at);
        }
        Collection<Object> out = set ? new HashSet<>() : new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(bind(node.get(i), element, at.child(Integer.toString(i)), component));
        }
        return out;
    }

    private Object map(JsonNode node, Type value, KeyPath at, KeyPath component) throws Failure {
        if (!node.isObject()) {
            throw mismatch(Map.class, node, at);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.put(field.getKey(), bind(field.getValue(), value, at.child(field.getKey()), component));
        }
        return out;
    }

    private static Object text(JsonNode node, Class<?> type, KeyPath at) throws Failure {
        if (!node.isValueNode()) {
            throw mismatch(type, node, at);
        }
        return node.asText();
    }

    /** Numbers and booleans; YAML text that reads as one is taken (a quoted {@code "8192"}), as Jackson did. */
    private static Object primitive(JsonNode node, Class<?> type, KeyPath at) throws Failure {
        boolean absent = node == null || node.isNull() || node.isMissingNode();
        if (type == boolean.class || type == Boolean.class) {
            if (absent) {
                return type == boolean.class ? Boolean.FALSE : null;
            }
            if (node.isBoolean()) {
                return node.booleanValue();
            }
            if (node.isIntegralNumber()) {
                return node.asLong() != 0;
            }
            if (node.isTextual()) {
                String text = node.textValue().trim();
                if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                    return Boolean.parseBoolean(text);
                }
            }
            throw mismatch(type, node, at);
        }
        if (absent) {
            return type.isPrimitive() ? zero(type) : null;
        }
        boolean integral = type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class;
        if (node.isNumber()) {
            if (integral && !node.isIntegralNumber()) {
                throw mismatch(type, node, at);
            }
            return number(node.numberValue(), node, type, at);
        }
        if (node.isTextual()) {
            String text = node.textValue().trim();
            if (text.isEmpty() && !type.isPrimitive()) {
                return null;
            }
            try {
                return number(integral ? Long.valueOf(Long.parseLong(text)) : Double.valueOf(Double.parseDouble(text)),
                        node, type, at);
            } catch (NumberFormatException e) {
                throw mismatch(type, node, at);
            }
        }
        throw mismatch(type, node, at);
    }

    private static Object number(Number value, JsonNode node, Class<?> type, KeyPath at) throws Failure {
        if (type == double.class || type == Double.class) {
            return value.doubleValue();
        }
        if (type == float.class || type == Float.class) {
            return value.floatValue();
        }
        long whole = value.longValue();
        boolean fits = type == long.class || type == Long.class
                ? !(value instanceof java.math.BigInteger big) || big.bitLength() < 64
                : type == int.class || type == Integer.class ? whole == (int) whole : whole == (short) whole;
        if (!fits) {
            throw new Failure(at, "'" + node.asText() + "' is out of range for " + ValueDescriptions.expected(type));
        }
        if (type == int.class || type == Integer.class) {
            return (int) whole;
        }
        return type == short.class || type == Short.class ? (Object) (short) whole : (Object) whole;
    }

    private static Object zero(Class<?> type) {
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == short.class) {
            return (short) 0;
        }
        throw new IllegalStateException("config records take no " + type);
    }

    /** Go durations and {@code host:port}: written as text, or a bare number ({@code 0} for a duration). */
    private static Object parsed(JsonNode node, Class<?> type, KeyPath at) throws Failure {
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw mismatch(type, node, at);
        }
        try {
            return type == Duration.class ? GoDuration.parse(node.asText()) : Endpoint.parse(node.asText());
        } catch (IllegalArgumentException e) {
            throw new Failure(at, String.valueOf(e.getMessage()));
        }
    }

    private static Object enumConstant(JsonNode node, Class<?> type, KeyPath at) throws Failure {
        if (!node.isValueNode()) {
            throw mismatch(type, node, at);
        }
        String name = node.asText();
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equalsIgnoreCase(name)) {
                return constant;
            }
        }
        throw new Failure(at, ValueDescriptions.got(node) + " is not one of " + ValueDescriptions.enumValues(type));
    }

    /** A value of any type as plain Java: Integer/Long/Double, String, Boolean, LinkedHashMap, ArrayList. */
    private static Object natural(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> out.put(field.getKey(), natural(field.getValue())));
            return out;
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(element -> out.add(natural(element)));
            return out;
        }
        if (node.isNumber()) {
            return node.numberValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.asText();
    }

    private static Failure mismatch(Class<?> type, JsonNode node, KeyPath at) {
        return new Failure(at, "expected " + ValueDescriptions.expected(type) + ", got " + ValueDescriptions.got(node));
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }
}
