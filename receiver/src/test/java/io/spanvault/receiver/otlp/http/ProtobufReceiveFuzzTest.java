package io.spanvault.receiver.otlp.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.otlp.SpanIdValidator;
import io.spanvault.receiver.http.ContentCoding;
import io.spanvault.receiver.http.RequestBody;
import java.io.IOException;
import java.util.zip.ZipException;

/**
 * Coverage-guided fuzzing (Jazzer) of the OTLP/HTTP protobuf receive path as the handler runs it: a body in
 * any coding (gzip, deflate, zstd, snappy block or framed), fed in chunks of any size through
 * {@link RequestBody} (decoding as it streams), then the decoded-size estimate that admission control takes,
 * then the decode and the span-id check. Only a
 * {@link ZipException} or {@link InvalidProtocolBufferException} may come out, and the estimator must accept
 * every body the parser accepts (else admission would refuse valid data). Seeds under
 * {@code src/test/resources}; {@code JAZZER_FUZZ=1} fuzzes (see {@code bench/fuzz.sh}).
 */
class ProtobufReceiveFuzzTest {
    private static final int LIMIT = 1 << 20;
    private static final Message[] PROTOTYPES = {ExportTraceServiceRequest.getDefaultInstance(),
        ExportMetricsServiceRequest.getDefaultInstance(), ExportLogsServiceRequest.getDefaultInstance()};

    @FuzzTest(maxDuration = "20s")
    void bodiesDecodeOrAreRefusedWithAReason(FuzzedDataProvider data) throws IOException {
        ContentCoding coding = ContentCoding.values()[data.consumeInt(0, ContentCoding.values().length - 1)];
        Message prototype = PROTOTYPES[data.consumeInt(0, PROTOTYPES.length - 1)];
        int chunk = data.consumeInt(1, 4096);
        byte[] body = data.consumeRemainingAsBytes();
        try (RequestBody request = new RequestBody(UnpooledByteBufAllocator.DEFAULT, coding, LIMIT)) {
            for (int at = 0; at < body.length; at += chunk) {
                ByteBuf piece = Unpooled.wrappedBuffer(body, at, Math.min(chunk, body.length - at));
                try {
                    if (!request.append(piece)) {
                        return; // over the limit: answered 413
                    }
                } finally {
                    piece.release();
                }
            }
            receive(request, prototype);
        } catch (ZipException refused) {
            // answered 400: not a valid compressed body
        }
    }

    private static void receive(RequestBody request, Message prototype) throws IOException {
        ByteBuf decoded = request.decoded();
        try {
            long estimate;
            try {
                estimate = BodyFormat.PROTOBUF.decodedEstimate(decoded, prototype);
            } catch (InvalidProtocolBufferException refused) {
                assertParserRefuses(decoded, prototype, refused);
                return;
            }
            if (estimate < decoded.readableBytes()) {
                throw new AssertionError("estimate " + estimate + " below the " + decoded.readableBytes() + " bytes");
            }
            Message message;
            try {
                message = BodyFormat.PROTOBUF.decode(decoded, prototype);
            } catch (InvalidProtocolBufferException refused) {
                return; // answered 400
            }
            if (message instanceof ExportTraceServiceRequest traces) {
                SpanIdValidator.validate(traces);
            }
        } finally {
            decoded.release();
        }
    }

    private static void assertParserRefuses(ByteBuf body, Message prototype, InvalidProtocolBufferException why)
            throws IOException {
        try {
            BodyFormat.PROTOBUF.decode(body, prototype);
        } catch (InvalidProtocolBufferException expected) {
            return;
        }
        throw new AssertionError("the estimator refused a body the parser takes: " + why.getMessage());
    }
}
