package io.spanvault.exporter.loadbalancing;

import io.spanvault.exporter.otlpgrpc.OtlpGrpcExporterConfig;

/** {@code protocol}: only {@code otlp} (OTLP/gRPC), as in the collector. */
public record ProtocolConfig(OtlpGrpcExporterConfig otlp) {

    public ProtocolConfig {
        otlp = otlp == null ? new OtlpGrpcExporterConfig(null, null, null, null, null, null, null) : otlp;
    }
}
