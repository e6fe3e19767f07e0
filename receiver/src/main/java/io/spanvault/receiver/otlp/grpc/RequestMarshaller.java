package io.spanvault.receiver.otlp.grpc;

import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import java.io.InputStream;

/**
 * Parses export requests with gRPC's own protobuf marshaller (zero-copy where it can), keeping errors as
 * values: an undecodable message becomes INVALID_ARGUMENT, a size overrun keeps its RESOURCE_EXHAUSTED.
 */
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
            if (e.getStatus().getCode() != Status.Code.INTERNAL) {
                // e.g. RESOURCE_EXHAUSTED: a compressed message that inflates past the size limit
                return DecodedRequest.failed(e.getStatus());
            }
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return DecodedRequest.failed(Status.INVALID_ARGUMENT.withDescription(
                    "request is not a valid protobuf message: " + cause.getMessage()));
        }
    }
}
