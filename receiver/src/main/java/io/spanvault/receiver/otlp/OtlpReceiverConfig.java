package io.spanvault.receiver.otlp;

import io.spanvault.pipeline.admission.AdmissionConfig;

/**
 * Config of the {@code otlp} receiver, shaped as the collector's:
 * {@code protocols: { grpc: {...}, http: {...} }}. A protocol is served when its section is present.
 * {@code admission} bounds the memory of the requests in flight, shared by both protocols.
 */
public record OtlpReceiverConfig(ProtocolsConfig protocols, AdmissionConfig admission) {
    public OtlpReceiverConfig {
        if (protocols == null) {
            protocols = new ProtocolsConfig(null, null);
        }
        if (admission == null) {
            admission = AdmissionConfig.defaults();
        }
    }

    public OtlpReceiverConfig(ProtocolsConfig protocols) {
        this(protocols, null);
    }
}
