package io.spanvault.receiver.otlp.http;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.spanvault.pipeline.admission.DecodedSize;
import io.spanvault.pipeline.otlp.json.OtlpJson;
import io.spanvault.receiver.otlp.OtlpService;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;

/** The two OTLP/HTTP body encodings; the response is written in the request's. */
enum BodyFormat {
    PROTOBUF("application/x-protobuf") {
        @Override
        <T extends Message> T decode(ByteBuf body, OtlpService<T, ?> service) throws IOException {
            // straight from the network buffers: no copy into a byte[] first
            CodedInputStream in = body.nioBufferCount() == 1
                    ? CodedInputStream.newInstance(body.nioBuffer())
                    : CodedInputStream.newInstance(Arrays.asList(body.nioBuffers()));
            T message = service.signal().parser().parseFrom(in);
            // as parseFrom(byte[]) does: a stray end-group tag must not end the message early (the admission
            // estimate refuses such a body too; the two must agree)
            in.checkLastTagWas(0);
            return message;
        }

        @Override
        long decodedEstimate(ByteBuf body, Message prototype) throws IOException {
            return DecodedSize.ofProtobuf(prototype.getDescriptorForType(), body.nioBuffers());
        }

        @Override
        byte[] encode(Message message) {
            return message.toByteArray();
        }
    },
    JSON("application/json") {
        @Override
        <T extends Message> T decode(ByteBuf body, OtlpService<T, ?> service) throws IOException {
            T prototype = service.requestPrototype();
            if (body.hasArray()) {
                return OtlpJson.decode(body.array(), body.arrayOffset() + body.readerIndex(), body.readableBytes(),
                        prototype);
            }
            return OtlpJson.decode(new ByteBufInputStream(body), prototype);
        }

        @Override
        long decodedEstimate(ByteBuf body, Message prototype) {
            return DecodedSize.ofJson(body.nioBuffers());
        }

        @Override
        byte[] encode(Message message) {
            return OtlpJson.encode(message);
        }
    };

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /** The format of a {@code Content-Type} header (parameters such as charset ignored), or null if unsupported. */
    static BodyFormat of(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        for (BodyFormat format : values()) {
            if (format.mediaType.equals(media)) {
                return format;
            }
        }
        return null;
    }

    /**
     * Decodes the whole body; a body that is not a message of this type throws an exception naming the
     * problem ({@link com.google.protobuf.InvalidProtocolBufferException} or
     * {@link io.spanvault.pipeline.otlp.json.OtlpJsonException}).
     */
    abstract <T extends Message> T decode(ByteBuf body, OtlpService<T, ?> service) throws IOException;

    /** The heap that decoding the body will take, estimated without decoding (see {@link DecodedSize}). */
    abstract long decodedEstimate(ByteBuf body, Message prototype) throws IOException;

    abstract byte[] encode(Message message);
}
