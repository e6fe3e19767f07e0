package io.spanvault.receiver.otlp;

/**
 * Config of the {@code otlp} receiver, shaped as the collector's:
 * {@code protocols: { grpc: {...}, http: {...} }}. A protocol is served when its section is present.
 */
public record OtlpReceiverConfig(ProtocolsConfig protocols) {
    public OtlpReceiverConfig {
        if (protocols == null) {
            protocols = new ProtocolsConfig(null, null);
        }
    }
}
