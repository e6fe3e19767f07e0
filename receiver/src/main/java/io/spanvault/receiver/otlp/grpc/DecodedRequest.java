package io.spanvault.receiver.otlp.grpc;

import io.grpc.Status;

/**
 * A request as the marshaller read it: the message, or the status to answer instead. Parsing never throws,
 * because gRPC would turn a thrown parse error into UNKNOWN.
 */
record DecodedRequest<T>(T message, Status failure) {
    static <T> DecodedRequest<T> of(T message) {
        return new DecodedRequest<>(message, null);
    }

    static <T> DecodedRequest<T> failed(Status failure) {
        return new DecodedRequest<>(null, failure);
    }
}
