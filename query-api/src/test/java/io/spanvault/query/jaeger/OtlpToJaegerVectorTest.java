package io.spanvault.query.jaeger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.trace.v1.TracesData;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.query.http.ApiResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Jaeger's public OTLP → UI JSON vector, converted directly. */
class OtlpToJaegerVectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode expected() throws Exception {
        return JSON.readTree(JaegerVectors.read("otlp2jaeger-out.json"));
    }

    static String input() {
        return JaegerVectors.read("otlp2jaeger-in.json");
    }

    @Test
    void conversionMatchesTheVectorExactly() throws Exception {
        JaegerTrace trace = OtlpToJaeger.trace(OtlpJson.decode(input(), TracesData.getDefaultInstance()));

        ApiResponse response = V1Envelope.ok(g -> {
            g.writeStartArray();
            UiTraceWriter.write(g, trace);
            g.writeEndArray();
        }, 0);
        try {
            assertEquals(expected(), JSON.readTree(response.body().toString(StandardCharsets.UTF_8)));
        } finally {
            response.body().release();
        }
    }
}
