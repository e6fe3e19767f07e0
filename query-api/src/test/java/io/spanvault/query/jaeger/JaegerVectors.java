package io.spanvault.query.jaeger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Jaeger's public conversion vectors, kept under this module's test resources ({@code jaeger/}). */
final class JaegerVectors {
    private JaegerVectors() {
    }

    static String read(String name) {
        try (InputStream in = JaegerVectors.class.getResourceAsStream("/jaeger/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource jaeger/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
