package io.spanvault.receiver.otlp.grpc;

/**
 * A request as the marshaller read it: the message, or why it is not one. Parsing never throws, because
 * gRPC would turn a thrown parse error into UNKNOWN; the handler answers INVALID_ARGUMENT instead.
 */
record DecodedRequest<T>(T message, String problem) {
    static <T> DecodedRequest<T> of(T message) {
        return new DecodedRequest<>(message, null);
    }

    static <T> DecodedRequest<T> failed(String problem) {
        return new DecodedRequest<>(null, problem);
    }
}
