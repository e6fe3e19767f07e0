package io.spanvault.receiver.zipkin;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.spanvault.pipeline.admission.DecodedSize;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.receiver.http.IngestCodec;
import io.spanvault.receiver.http.IngestRoute;
import io.spanvault.receiver.http.PlainText;
import io.spanvault.receiver.otlp.ExportHandler;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/v2/spans} (JSON v2, or {@code application/x-protobuf} proto3) and {@code POST /api/v1/spans}
 * (JSON v1): decoded, translated to OTLP and handed to the pipeline; 202 with an empty body once accepted,
 * as a Zipkin server answers. Spans the OTLP checks refuse (e.g. an all-zero id) are dropped and named in
 * the 202's body, the rest accepted: Zipkin has no partial-success answer, so the text is the only trace.
 */
final class ZipkinHttpRoute implements IngestRoute {
    private final boolean v2;
    private final ExportHandler<ExportTraceServiceRequest, ExportTraceServiceResponse> handler;
    private final ZipkinToOtlp translator;

    private ZipkinHttpRoute(boolean v2, ExportHandler<ExportTraceServiceRequest, ExportTraceServiceResponse> handler,
            ZipkinToOtlp translator) {
        this.v2 = v2;
        this.handler = handler;
        this.translator = translator;
    }

    static ZipkinHttpRoute v1(ExportHandler<ExportTraceServiceRequest, ExportTraceServiceResponse> handler,
            ZipkinToOtlp translator) {
        return new ZipkinHttpRoute(false, handler, translator);
    }

    static ZipkinHttpRoute v2(ExportHandler<ExportTraceServiceRequest, ExportTraceServiceResponse> handler,
            ZipkinToOtlp translator) {
        return new ZipkinHttpRoute(true, handler, translator);
    }

    private enum Format { JSON_V1, JSON_V2, PROTO3 }

    @Override
    public IngestCodec codec(String contentType) {
        // Zipkin reporters often send no content type at all: JSON is Zipkin's default
        String media = contentType == null ? "application/json" : mediaType(contentType);
        return switch (media) {
            case "application/json", "text/plain" -> new Codec(v2 ? Format.JSON_V2 : Format.JSON_V1);
            case "application/x-protobuf", "application/protobuf" -> v2 ? new Codec(Format.PROTO3) : null;
            default -> null;
        };
    }

    private static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String acceptedTypes() {
        return v2 ? "application/json or application/x-protobuf" : "application/json";
    }

    @Override
    public String unavailable() {
        return handler == null ? "is in no traces pipeline" : null;
    }

    private final class Codec implements IngestCodec {
        private final Format format;

        Codec(Format format) {
            this.format = format;
        }

        @Override
        public CompletionStage<FullHttpResponse> ingest(ByteBuf body) {
            ExportTraceServiceRequest request;
            try {
                request = translator.translate(decode(body));
            } catch (ZipkinFormatException e) {
                throw new PermanentException("invalid Zipkin " + format.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " body: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new PermanentException("invalid Zipkin proto3 body: " + e.getMessage(), e);
            }
            return handler.export(request).thenApply(this::accepted);
        }

        private List<ZipkinSpan> decode(ByteBuf body) throws IOException {
            return switch (format) {
                case JSON_V2 -> ZipkinJsonV2Decoder.decode(new ByteBufInputStream(body));
                case JSON_V1 -> ZipkinJsonV1Decoder.decode(new ByteBufInputStream(body));
                case PROTO3 -> {
                    try {
                        yield ZipkinProto3Decoder.decode(body.nioBufferCount() == 1
                                ? CodedInputStream.newInstance(body.nioBuffer())
                                : CodedInputStream.newInstance(Arrays.asList(body.nioBuffers())));
                    } catch (InvalidProtocolBufferException e) {
                        throw new ZipkinFormatException(e.getMessage());
                    }
                }
            };
        }

        private FullHttpResponse accepted(ExportTraceServiceResponse response) {
            if (response.hasPartialSuccess() && response.getPartialSuccess().getRejectedSpans() > 0) {
                return PlainText.response(HttpResponseStatus.ACCEPTED, response.getPartialSuccess().getRejectedSpans()
                        + " spans rejected: " + response.getPartialSuccess().getErrorMessage());
            }
            return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.ACCEPTED, Unpooled.EMPTY_BUFFER);
        }

        /** Zipkin JSON and proto3 decode to about what OTLP/JSON does: objects and strings. */
        @Override
        public long decodedEstimate(ByteBuf body) {
            return DecodedSize.ofJson(body.nioBuffers());
        }

        @Override
        public boolean blocksCaller() {
            return handler.blocksCaller();
        }

        @Override
        public FullHttpResponse error(HttpResponseStatus status, Code code, String message) {
            return PlainText.response(status, message);
        }
    }
}
