package io.spanvault.exporter.otlpgrpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.spanvault.pipeline.auth.ClientAuthenticator;

/** Adds the client authenticator's headers to every call, asked anew each time so a re-read token is used. */
final class AuthHeaders implements ClientInterceptor {
    private final ClientAuthenticator authenticator;

    AuthHeaders(ClientAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                authenticator.headers().forEach((name, value) -> headers.put(
                        Metadata.Key.of(name.toLowerCase(java.util.Locale.ROOT), Metadata.ASCII_STRING_MARSHALLER),
                        value));
                super.start(listener, headers);
            }
        };
    }
}
