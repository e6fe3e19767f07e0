package io.spanvault.receiver.otlp.grpc;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.InputStream;

/** Parses export requests with gRPC's own protobuf marshaller (zero-copy where it can), keeping errors as values. */
final class RequestMarshaller<T extends Message> implements MethodDescriptor.Marshaller<DecodedRequest<T>> {
    private final MethodDescriptor.Marshaller<T> protobuf;

    RequestMarshaller(T prototype) {
        this.protobuf = ProtoUtils.marshaller(prototype);
    }

    @Override
    public InputStream stream(DecodedRequest<T> value) {
        return protobuf.stream(value.message());
    }

    @Override
    public DecodedRequest<T> parse(InputStream stream) {
        try {
            return DecodedRequest.of(protobuf.parse(stream));
        } catch (StatusRuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return DecodedRequest.failed("request is not a valid protobuf message: " + cause.getMessage());
        }
    }
}
