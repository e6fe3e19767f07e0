package io.spanvault.receiver.otlp.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.spanvault.pipeline.consumer.PermanentException;
import io.spanvault.pipeline.otlp.json.OtlpJsonException;
import io.spanvault.receiver.http.IngestCodec;
import io.spanvault.receiver.http.IngestRoute;
import io.spanvault.receiver.otlp.ExportHandler;
import io.spanvault.receiver.otlp.HttpServerConfig;
import io.spanvault.receiver.otlp.OtlpService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A signal's OTLP/HTTP path: protobuf or JSON export requests, answered in the request's encoding (the
 * export response, or a {@code google.rpc.Status} on error).
 */
public final class OtlpHttpRoute implements IngestRoute {
    private final OtlpService<?, ?> service;
    /** null when no pipeline of the signal uses the receiver. */
    private final ExportHandler<?, ?> handler;

    private OtlpHttpRoute(OtlpService<?, ?> service, ExportHandler<?, ?> handler) {
        this.service = service;
        this.handler = handler;
    }

    /** Path → route for every signal; a signal without a handler answers 404 UNIMPLEMENTED. */
    public static Map<String, IngestRoute> all(HttpServerConfig config, List<ExportHandler<?, ?>> handlers) {
        Map<String, IngestRoute> routes = new LinkedHashMap<>();
        for (OtlpService<?, ?> service : OtlpService.all()) {
            ExportHandler<?, ?> handler = handlers.stream().filter(h -> h.service() == service).findFirst()
                    .orElse(null);
            routes.put(path(config, service), new OtlpHttpRoute(service, handler));
        }
        return routes;
    }

    private static String path(HttpServerConfig config, OtlpService<?, ?> service) {
        if (service == OtlpService.TRACES) {
            return config.tracesUrlPath();
        }
        return service == OtlpService.METRICS ? config.metricsUrlPath() : config.logsUrlPath();
    }

    @Override
    public IngestCodec codec(String contentType) {
        BodyFormat format = BodyFormat.of(contentType);
        return format == null ? null : new Codec(format);
    }

    @Override
    public String acceptedTypes() {
        return "application/x-protobuf or application/json";
    }

    @Override
    public String unavailable() {
        return handler == null ? "is in no " + service.signal().name() + " pipeline" : null;
    }

    private final class Codec implements IngestCodec {
        private final BodyFormat format;

        Codec(BodyFormat format) {
            this.format = format;
        }

        @Override
        public CompletionStage<FullHttpResponse> ingest(ByteBuf body) {
            return export(handler, body).thenApply(response -> response(HttpResponseStatus.OK, response));
        }

        private <T extends Message> CompletionStage<? extends Message> export(ExportHandler<T, ?> exportHandler,
                ByteBuf body) {
            T request;
            try {
                request = format.decode(body, exportHandler.service());
            } catch (InvalidProtocolBufferException | OtlpJsonException e) {
                throw invalid(e);
            } catch (IOException e) {
                throw new PermanentException("request body cannot be read: " + e.getMessage(), e);
            }
            return exportHandler.export(request);
        }

        @Override
        public long decodedEstimate(ByteBuf body) throws IOException {
            try {
                return format.decodedEstimate(body, service.requestPrototype());
            } catch (InvalidProtocolBufferException e) {
                throw invalid(e);
            }
        }

        private PermanentException invalid(Exception e) {
            return new PermanentException("request body is not a valid " + format.mediaType() + " "
                    + service.signal().name() + " export request: " + e.getMessage(), e);
        }

        @Override
        public boolean blocksCaller() {
            return handler.blocksCaller();
        }

        @Override
        public FullHttpResponse error(HttpResponseStatus status, Code code, String message) {
            return response(status, com.google.rpc.Status.newBuilder().setCode(code.getNumber())
                    .setMessage(message).build());
        }

        private FullHttpResponse response(HttpResponseStatus status, Message message) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(format.encode(message)));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, format.mediaType());
            return response;
        }
    }
}
