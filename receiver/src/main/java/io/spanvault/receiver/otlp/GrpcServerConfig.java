package io.spanvault.receiver.otlp;

import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;

/**
 * The gRPC protocol: where it listens, the largest (decompressed) message it takes, in MiB, and TLS.
 * Defaults: {@code 127.0.0.1:4317} and 4 MiB, the collector's message limit.
 */
public record GrpcServerConfig(Endpoint endpoint, Integer maxRecvMsgSizeMib, TlsServerConfig tls) {
    public static final Endpoint DEFAULT_ENDPOINT = new Endpoint("127.0.0.1", 4317);
    public static final int DEFAULT_MAX_RECV_MSG_SIZE_MIB = 4;
    /** gRPC counts message sizes in an int. */
    private static final int LARGEST_MIB = Integer.MAX_VALUE >> 20;

    public GrpcServerConfig {
        if (endpoint == null) {
            endpoint = DEFAULT_ENDPOINT;
        }
        if (maxRecvMsgSizeMib == null) {
            maxRecvMsgSizeMib = DEFAULT_MAX_RECV_MSG_SIZE_MIB;
        }
        if (maxRecvMsgSizeMib <= 0 || maxRecvMsgSizeMib > LARGEST_MIB) {
            throw new InvalidConfigException("max_recv_msg_size_mib",
                    "must be between 1 and " + LARGEST_MIB + ", got " + maxRecvMsgSizeMib);
        }
    }

    public int maxRecvMsgSizeBytes() {
        return maxRecvMsgSizeMib << 20;
    }
}
