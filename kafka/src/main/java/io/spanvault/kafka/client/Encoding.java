package io.spanvault.kafka.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.pipeline.signal.Signal;
import java.util.Locale;

/**
 * How an OTLP export request is written into one Kafka message, as the Collector's built-in encodings:
 * {@code otlp_proto} (the request's protobuf bytes) and {@code otlp_json} (its OTLP/JSON).
 */
public enum Encoding {
    OTLP_PROTO, OTLP_JSON;

    /** Parses a config value; null means the Collector's default, {@code otlp_proto}. */
    public static Encoding parse(String key, String value) {
        if (value == null || value.isBlank()) {
            return OTLP_PROTO;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "otlp_proto" -> OTLP_PROTO;
            case "otlp_json" -> OTLP_JSON;
            default -> throw new InvalidConfigException(key, "'" + value
                    + "' is not supported; use otlp_proto or otlp_json");
        };
    }

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public byte[] encode(Message request) {
        return this == OTLP_PROTO ? request.toByteArray() : OtlpJson.encode(request);
    }

    /** Decodes a message's value; a value that is not a request of the signal is a {@link MessageFormatException}. */
    public <T extends Message> T decode(byte[] value, Signal<T> signal) {
        try {
            if (this == OTLP_PROTO) {
                return signal.parser().parseFrom(value);
            }
            return OtlpJson.decode(value, 0, value.length, signal.defaultInstance());
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new MessageFormatException("not " + configValue() + ": " + e.getMessage(), e);
        }
    }

    /** A Kafka message whose value does not decode in the configured encoding. */
    public static final class MessageFormatException extends RuntimeException {
        MessageFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
