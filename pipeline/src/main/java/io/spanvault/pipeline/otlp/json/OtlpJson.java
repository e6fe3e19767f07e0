package io.spanvault.pipeline.otlp.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import java.io.ByteArrayOutputStream;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OTLP/JSON encoding (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding) of any OTLP
 * message: export requests and responses, {@code TracesData} and the like, and {@code google.rpc.Status}.
 *
 * <p>Decoding takes trace and span ids as hex, other bytes as base64, enums as integers or names, 64-bit
 * integers as strings or numbers, keys in lowerCamelCase or snake_case, and skips unknown fields. Encoding
 * writes lowerCamelCase keys, hex ids, integer enums and 64-bit integers as strings. Thread-safe.
 */
public final class OtlpJson {
    /** Deep enough for any real attribute nesting, shallow enough that hostile input cannot exhaust the stack. */
    private static final int MAX_NESTING_DEPTH = 200;
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build();

    private OtlpJson() {
    }

    /** Decodes one JSON object into a message of the prototype's type; the stream is read to its end, not closed. */
    public static <T extends Message> T decode(InputStream json, T prototype) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return decodeDocument(p, prototype);
        } catch (CharConversionException e) {
            throw notUnicode(e);
        }
    }

    public static <T extends Message> T decode(byte[] json, int offset, int length, T prototype) {
        try (JsonParser p = FACTORY.createParser(json, offset, length)) {
            return decodeDocument(p, prototype);
        } catch (CharConversionException e) {
            throw notUnicode(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Bytes that look like UTF-16/32 but are not, or UCS-4 in an order Jackson does not read (found by
     * fuzzing), detected while the parser is made or while it reads: bad input, not an I/O failure.
     */
    private static OtlpJsonException notUnicode(CharConversionException e) {
        return new OtlpJsonException("invalid JSON: not valid Unicode text: " + e.getMessage(), e);
    }

    public static <T extends Message> T decode(String json, T prototype) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length, prototype);
    }

    /**
     * Reads the object at the parser's next token (or current, if it is a START_OBJECT) into {@code builder},
     * for documents that embed OTLP messages (e.g. the Jaeger api_v3 {@code {"result": {...}}}).
     */
    public static void read(JsonParser parser, Message.Builder builder) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.nextToken();
        }
        try {
            JsonMessageReader.readMessage(parser, builder);
        } catch (JsonProcessingException e) {
            throw new OtlpJsonException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static void encode(MessageOrBuilder message, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            JsonMessageWriter.writeMessage(message, g);
        }
    }

    public static byte[] encode(MessageOrBuilder message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try {
            encode(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String encodeToString(MessageOrBuilder message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }

    /** Writes the message as a JSON object at the generator's position, for documents that embed OTLP messages. */
    public static void write(MessageOrBuilder message, JsonGenerator generator) throws IOException {
        JsonMessageWriter.writeMessage(message, generator);
    }

    /** The factory whose parsers and generators fit {@link #read} and {@link #write}. */
    public static JsonFactory jsonFactory() {
        return FACTORY;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Message> T decodeDocument(JsonParser p, T prototype) throws IOException {
        try {
            if (p.nextToken() == null) {
                throw new OtlpJsonException("invalid OTLP/JSON: the body is empty");
            }
            Message.Builder builder = prototype.newBuilderForType();
            JsonMessageReader.readMessage(p, builder);
            if (p.nextToken() != null) {
                throw JsonMessageReader.problem(p, prototype.getDescriptorForType().getName(),
                        "unexpected content after the object");
            }
            return (T) builder.build();
        } catch (JsonProcessingException e) {
            throw new OtlpJsonException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
