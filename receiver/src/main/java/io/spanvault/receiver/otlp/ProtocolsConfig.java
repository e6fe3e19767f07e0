package io.spanvault.receiver.otlp;

import io.spanvault.pipeline.config.InvalidConfigException;

/** The protocols the receiver serves; an absent section (null) leaves that protocol off. */
public record ProtocolsConfig(GrpcServerConfig grpc, HttpServerConfig http) {

    /** A receiver with no protocol would accept nothing; the collector refuses that config too. */
    void requireOne() {
        if (grpc == null && http == null) {
            throw new InvalidConfigException("protocols", "must enable at least one protocol: grpc or http");
        }
    }
}
