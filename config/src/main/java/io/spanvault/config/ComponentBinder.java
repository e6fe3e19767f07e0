package io.spanvault.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spanvault.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds a config section to its record with Jackson: snake_case keys, unknown keys rejected, Go durations and
 * endpoints read from text. Every failure becomes a problem naming the full key path.
 */
final class ComponentBinder {
    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .addModule(ConfigValueDeserializers.module())
            .build();

    /** Retries after dropping a bad key are bounded, in case a record keeps failing on keys it cannot name. */
    private static final int MAX_ATTEMPTS = 32;

    /**
     * The record bound from {@code node} (a missing or empty section gives all defaults), or empty after
     * reporting. Jackson stops at the first bad value, so after each failure the key is dropped and binding
     * retried, to report every bad value of the section at once.
     */
    <C> Optional<C> bind(JsonNode node, Class<C> type, KeyPath at, ProblemReporter problems) {
        JsonNode section = node == null || node.isNull() ? JsonNodeFactory.instance.objectNode() : node.deepCopy();
        boolean clean = RecordShape.fit(section, type, at, problems);
        Set<Failure> reported = new HashSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Failure failure;
            try {
                C bound = mapper.treeToValue(section, type);
                return clean && reported.isEmpty() ? Optional.of(bound) : Optional.empty();
            } catch (JsonMappingException e) {
                failure = describe(e, section, at);
            } catch (InvalidConfigException e) {
                failure = new Failure(at.resolve(e.key()), e.problem());
            } catch (IOException | IllegalArgumentException e) {
                failure = new Failure(at, String.valueOf(e.getMessage()));
            }
            if (!reported.add(failure)) {
                break;
            }
            problems.error(failure.key(), failure.message());
            if (!remove(section, at, failure.key())) {
                break;
            }
        }
        return Optional.empty();
    }

    private record Failure(KeyPath key, String message) {
    }

    /** Drops the key at {@code key} (below the section at {@code at}); false when there is nothing to drop. */
    private static boolean remove(JsonNode section, KeyPath at, KeyPath key) {
        List<String> segments = key.segments();
        if (segments.size() <= at.segments().size()) {
            return false;
        }
        JsonNode parent = section;
        for (int i = at.segments().size(); i < segments.size() - 1 && parent != null; i++) {
            parent = parent.isArray() ? parent.get(index(segments.get(i))) : parent.get(segments.get(i));
        }
        String last = segments.get(segments.size() - 1);
        if (parent instanceof ObjectNode object && object.has(last)) {
            object.remove(last);
            return true;
        }
        if (parent instanceof ArrayNode array && index(last) >= 0 && index(last) < array.size()) {
            array.remove(index(last));
            return true;
        }
        return false;
    }

    private static int index(String segment) {
        try {
            return Integer.parseInt(segment);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Failure describe(JsonMappingException e, JsonNode section, KeyPath at) {
        KeyPath where = at;
        JsonNode value = section;
        for (JsonMappingException.Reference ref : e.getPath()) {
            String segment = ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex());
            where = where.child(segment);
            value = value == null ? null : ref.getFieldName() != null ? value.get(segment) : value.get(ref.getIndex());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new Failure(where, "unknown key '" + unknown.getPropertyName() + "'" + known(unknown.getKnownPropertyIds()));
        } else if (e instanceof ValueInstantiationException failed && failed.getCause() instanceof InvalidConfigException bad) {
            return new Failure(under(where, at, bad.key()), bad.problem());
        } else if (e instanceof ValueInstantiationException failed && failed.getCause() != null) {
            return new Failure(where, String.valueOf(failed.getCause().getMessage()));
        } else if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return new Failure(where, ValueDescriptions.got(value) + " is not one of "
                    + ValueDescriptions.enumValues(format.getTargetType()));
        } else if (e instanceof InvalidFormatException format && !isJacksonWording(format.getOriginalMessage())) {
            return new Failure(where, format.getOriginalMessage());
        } else if (e instanceof MismatchedInputException mismatch) {
            return new Failure(where, "expected " + ValueDescriptions.expected(mismatch.getTargetType()) + ", got "
                    + ValueDescriptions.got(value));
        }
        return new Failure(where, e.getOriginalMessage());
    }

    /**
     * The key a record's own validation names. A nested record may name its key relative to itself
     * ({@code endpoint}) or to the component ({@code protocols.grpc.endpoint}); both land on the same path.
     */
    private static KeyPath under(KeyPath record, KeyPath component, String key) {
        if (record.equals(component) || key.isEmpty()) {
            return record.resolve(key);
        }
        String relative = String.join(".", record.segments().subList(component.segments().size(), record.segments().size()));
        return key.equals(relative) || key.startsWith(relative + ".") ? component.resolve(key) : record.resolve(key);
    }

    /** Jackson's own messages for scalar mismatches name Java types; ours are replaced by friendlier text. */
    private static boolean isJacksonWording(String message) {
        return message == null || message.startsWith("Cannot ");
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return " (this section takes no keys)";
        }
        TreeSet<String> names = new TreeSet<>();
        ids.forEach(id -> names.add(String.valueOf(id)));
        return " (known: " + String.join(", ", names) + ")";
    }
}
