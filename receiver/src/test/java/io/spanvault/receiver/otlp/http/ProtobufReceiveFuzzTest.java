package io.spanvault.receiver.otlp.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.spanvault.pipeline.otlp.SpanIdValidator;
import io.spanvault.receiver.http.ContentCoding;
import io.spanvault.receiver.http.RequestBody;
import io.spanvault.receiver.otlp.OtlpService;
import java.io.IOException;
import java.util.List;
import java.util.zip.ZipException;

/**
 * Coverage-guided fuzzing (Jazzer) of the OTLP/HTTP protobuf receive path as the handler runs it: a body in
 * any coding (gzip, deflate, zstd, snappy block or framed), fed in chunks of any size through
 * {@link RequestBody} (decoding as it streams), then the decoded-size estimate that admission control takes,
 * then the decode (which must give what protobuf's generated parser gives, or refuse what it refuses) and the
 * span-id check. Only a
 * {@link ZipException} or {@link InvalidProtocolBufferException} may come out, and the estimator must accept
 * every body the parser accepts (else admission would refuse valid data). Seeds under
 * {@code src/test/resources}; {@code JAZZER_FUZZ=1} fuzzes (see {@code bench/fuzz.sh}).
 */
class ProtobufReceiveFuzzTest {
    private static final int LIMIT = 1 << 20;
    private static final List<OtlpService<?, ?>> SERVICES = OtlpService.all();

    @FuzzTest(maxDuration = "20s")
    void bodiesDecodeOrAreRefusedWithAReason(FuzzedDataProvider data) throws IOException {
        ContentCoding coding = ContentCoding.values()[data.consumeInt(0, ContentCoding.values().length - 1)];
        OtlpService<?, ?> service = SERVICES.get(data.consumeInt(0, SERVICES.size() - 1));
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
            receive(request, service);
        } catch (ZipException refused) {
            // answered 400: not a valid compressed body
        }
    }

    private static void receive(RequestBody request, OtlpService<?, ?> service) throws IOException {
        Message prototype = service.requestPrototype();
        ByteBuf decoded = request.decoded();
        try {
            long estimate;
            try {
                estimate = BodyFormat.PROTOBUF.decodedEstimate(decoded, prototype);
            } catch (InvalidProtocolBufferException refused) {
                assertDecodeRefuses(decoded, service, refused);
                return;
            }
            if (estimate < decoded.readableBytes()) {
                throw new AssertionError("estimate " + estimate + " below the " + decoded.readableBytes() + " bytes");
            }
            Message message;
            try {
                message = BodyFormat.PROTOBUF.decode(decoded, service);
            } catch (InvalidProtocolBufferException refused) {
                assertParserRefuses(decoded, prototype, refused);
                return; // answered 400
            }
            Message generated = prototype.getParserForType().parseFrom(decoded.nioBuffer());
            if (!generated.equals(message)) {
                throw new AssertionError("decoded otherwise than protobuf's generated parser: " + message);
            }
            if (message instanceof ExportTraceServiceRequest traces) {
                SpanIdValidator.validate(traces);
            }
        } finally {
            decoded.release();
        }
    }

    private static void assertDecodeRefuses(ByteBuf body, OtlpService<?, ?> service,
            InvalidProtocolBufferException why) throws IOException {
        try {
            BodyFormat.PROTOBUF.decode(body, service);
        } catch (InvalidProtocolBufferException expected) {
            return;
        }
        throw new AssertionError("the estimator refused a body the parser takes: " + why.getMessage());
    }

    /** The receiver refuses only what protobuf's generated parser refuses too. */
    private static void assertParserRefuses(ByteBuf body, Message prototype, InvalidProtocolBufferException why) {
        try {
            prototype.getParserForType().parseFrom(body.nioBuffer());
        } catch (InvalidProtocolBufferException expected) {
            return;
        }
        throw new AssertionError("refused a body protobuf's generated parser takes: " + why.getMessage());
    }
}
