package io.spanvault.receiver.otlp.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.spanvault.pipeline.auth.ServerAuthenticator;

/**
 * Closes a call whose metadata carries no valid credentials with UNAUTHENTICATED before its message is
 * admitted, copied or decoded; the shared {@code auth} setting on gRPC, as the collector's {@code configgrpc}.
 */
final class GrpcAuthentication implements ServerInterceptor {
    private final ServerAuthenticator authenticator;
    private final String receiverId;

    GrpcAuthentication(ServerAuthenticator authenticator, String receiverId) {
        this.authenticator = authenticator;
        this.receiverId = receiverId;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        boolean valid = authenticator.authenticate(name -> headers.get(
                Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)));
        if (!valid) {
            call.close(Status.UNAUTHENTICATED.withDescription("missing or invalid credentials for receiver "
                    + receiverId), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return next.startCall(call, headers);
    }
}
