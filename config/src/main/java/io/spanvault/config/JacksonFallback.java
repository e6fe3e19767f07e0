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
import io.spanvault.pipeline.config.InvalidConfigException;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Binds the config types {@link RecordBinder} does not know with Jackson databind: those that bind themselves
 * with a Jackson deserializer (the storage extension's backends, whose keys depend on the backend type). The
 * mapper is made at first use, so a config without such types never pays for its start.
 */
final class JacksonFallback {
    private ObjectMapper mapper;

    Object bind(JsonNode node, Type type, KeyPath at) throws RecordBinder.Failure {
        ObjectMapper jackson = mapper();
        try {
            return jackson.readerFor(jackson.getTypeFactory().constructType(type)).readValue(node);
        } catch (JsonMappingException e) {
            throw describe(e, node, at);
        } catch (InvalidConfigException e) {
            throw new RecordBinder.Failure(at.resolve(e.key()), e.problem());
        } catch (IOException | IllegalArgumentException e) {
            throw new RecordBinder.Failure(at, String.valueOf(e.getMessage()));
        }
    }

    private ObjectMapper mapper() {
        if (mapper == null) {
            mapper = JsonMapper.builder()
                    .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                    .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                    .addModule(ConfigValueDeserializers.module())
                    .build();
        }
        return mapper;
    }

    private static RecordBinder.Failure describe(JsonMappingException e, JsonNode section, KeyPath at) {
        KeyPath where = at;
        JsonNode value = section;
        for (JsonMappingException.Reference ref : e.getPath()) {
            String segment = ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex());
            where = where.child(segment);
            value = value == null ? null : ref.getFieldName() != null ? value.get(segment) : value.get(ref.getIndex());
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new RecordBinder.Failure(where, "unknown key '" + unknown.getPropertyName() + "'"
                    + known(unknown.getKnownPropertyIds()));
        } else if (e instanceof ValueInstantiationException failed && failed.getCause() instanceof InvalidConfigException bad) {
            return new RecordBinder.Failure(RecordBinder.under(where, at, bad.key()), bad.problem());
        } else if (e instanceof ValueInstantiationException failed && failed.getCause() != null) {
            return new RecordBinder.Failure(where, String.valueOf(failed.getCause().getMessage()));
        } else if (e instanceof InvalidFormatException format && format.getTargetType() != null
                && format.getTargetType().isEnum()) {
            return new RecordBinder.Failure(where, ValueDescriptions.got(value) + " is not one of "
                    + ValueDescriptions.enumValues(format.getTargetType()));
        } else if (e instanceof InvalidFormatException format && !isJacksonWording(format.getOriginalMessage())) {
            return new RecordBinder.Failure(where, format.getOriginalMessage());
        } else if (e instanceof MismatchedInputException mismatch) {
            return new RecordBinder.Failure(where, "expected " + ValueDescriptions.expected(mismatch.getTargetType())
                    + ", got " + ValueDescriptions.got(value));
        }
        return new RecordBinder.Failure(where, e.getOriginalMessage());
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
