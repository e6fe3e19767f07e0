package io.spanvault.pipeline.otlp.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.admission.DecodedSize;
import java.nio.ByteBuffer;

/**
 * Coverage-guided fuzzing of the OTLP/JSON reader (Jazzer): any bytes either decode or fail with an
 * {@link OtlpJsonException} naming the problem; nothing else may escape, and what decodes re-encodes and
 * decodes to the same message. Every build replays the seeds under {@code src/test/resources}; with
 * {@code JAZZER_FUZZ=1} it fuzzes (see {@code bench/fuzz.sh}).
 */
class OtlpJsonFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void tracesDecodeOrFailWithAProblem(byte[] body) {
        decode(body, ExportTraceServiceRequest.getDefaultInstance());
    }

    @FuzzTest(maxDuration = "20s")
    void metricsAndLogsDecodeOrFailWithAProblem(byte[] body) {
        if (body.length > 0 && (body[0] & 1) == 0) {
            decode(body, ExportMetricsServiceRequest.getDefaultInstance());
        } else {
            decode(body, ExportLogsServiceRequest.getDefaultInstance());
        }
    }

    private static <T extends com.google.protobuf.Message> void decode(byte[] body, T prototype) {
        DecodedSize.ofJson(ByteBuffer.wrap(body));
        T message;
        try {
            message = OtlpJson.decode(body, 0, body.length, prototype);
        } catch (OtlpJsonException expected) {
            return;
        }
        byte[] encoded = OtlpJson.encode(message);
        T again = OtlpJson.decode(encoded, 0, encoded.length, prototype);
        if (!again.equals(message)) {
            throw new AssertionError("OTLP/JSON does not round-trip: " + message + " became " + again);
        }
    }
}
