package io.spanvault.query.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a JSON document with Jackson's streaming generator (no object tree on the way). */
@FunctionalInterface
public interface JsonBody {
    JsonFactory FACTORY = new JsonFactory();

    void writeTo(JsonGenerator g) throws IOException;

    static void write(OutputStream out, JsonBody body) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.writeTo(g);
        }
    }
}
