package io.spanvault.storage.backend;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Binds {@code {chronicle: {data_dir: ...}}}: exactly one key, the backend type, whose factory (found through
 * {@link TraceStoreFactories}) gives the record the value binds to. Errors keep the key path below the type.
 */
final class BackendConfigDeserializer extends JsonDeserializer<BackendConfig> {

    @Override
    public BackendConfig deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        JsonNode node = context.readTree(parser);
        if (!node.isObject() || node.size() != 1) {
            throw new InvalidFormatException(parser, "must name exactly one backend type (known: "
                    + TraceStoreFactories.known() + "), e.g. {chronicle: {data_dir: ./data}}", node, BackendConfig.class);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        Map.Entry<String, JsonNode> only = fields.next();
        String type = only.getKey();
        TraceStoreFactory<?> factory = TraceStoreFactories.find(type).orElse(null);
        if (factory == null) {
            throw new InvalidFormatException(parser, "unknown storage backend type '" + type + "' (known: "
                    + TraceStoreFactories.known() + ")", node, BackendConfig.class);
        }
        return bind(factory, only.getValue(), type, context);
    }

    private static <C> BackendConfig bind(TraceStoreFactory<C> factory, JsonNode value, String type,
            DeserializationContext context) throws IOException {
        JsonNode section = value == null || value.isNull() ? JsonNodeFactory.instance.objectNode() : value;
        try {
            C config = section.isEmpty() ? factory.defaultConfig() : context.readTreeAsValue(section, factory.configType());
            return new BackendConfig(factory, config);
        } catch (JsonMappingException e) {
            throw JsonMappingException.wrapWithPath(e, section, type);
        }
    }
}
