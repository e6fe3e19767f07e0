package io.spanvault.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.GoDuration;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

/** Reads the value types config records use that JSON has no type for: Go durations and {@code host:port}. */
final class ConfigValueDeserializers {
    private ConfigValueDeserializers() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("spanvault-config-values");
        module.addDeserializer(Duration.class, new FromText<>(Duration.class, GoDuration::parse));
        module.addDeserializer(Endpoint.class, new FromText<>(Endpoint.class, Endpoint::parse));
        return module;
    }

    /** A value written as a YAML string (or a bare number, as {@code 0} for a duration) parsed by {@code parse}. */
    private static final class FromText<T> extends JsonDeserializer<T> {
        private final Class<T> type;
        private final Function<String, T> parse;

        FromText(Class<T> type, Function<String, T> parse) {
            this.type = type;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT) {
                return type.cast(ctxt.handleUnexpectedToken(type, p));
            }
            String text = p.getText();
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw InvalidFormatException.from(p, e.getMessage(), text, type);
            }
        }
    }
}
