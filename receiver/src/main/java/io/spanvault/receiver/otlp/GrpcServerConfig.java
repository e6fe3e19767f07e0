package io.spanvault.receiver.otlp;

import io.spanvault.pipeline.auth.AuthConfig;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.server.GrpcKeepalive;
import io.spanvault.pipeline.server.ServerLimits;
import io.spanvault.pipeline.tls.TlsServerConfig;
import java.time.Duration;

/**
 * The gRPC protocol: where it listens, the largest (decompressed) message it takes, in MiB, how many calls
 * one connection may have open at once, the shared {@code tls} and {@code auth} settings, the listener's
 * {@link ServerLimits} and the shared {@link GrpcKeepalive} settings.
 *
 * <p>Defaults: {@code 127.0.0.1:4317}; 4 MiB messages, the collector's default rather than the 64 MiB the OTLP
 * spec now suggests, because gRPC buffers a whole message before admission control can look at it: a
 * connection holds up to {@code max_concurrent_streams} such messages outside the admission budget, 64 MiB at
 * the defaults, 1 GiB with 64 MiB messages. SDKs' default batches (512 spans) are far below 4 MiB.
 * {@code max_concurrent_streams} 16: SDKs and collectors export over a handful of concurrent calls, and calls
 * past it wait in the client rather than fail.
 */
public record GrpcServerConfig(Endpoint endpoint, Integer maxRecvMsgSizeMib, Integer maxConcurrentStreams,
        TlsServerConfig tls, AuthConfig auth, Duration readHeaderTimeout, Duration idleTimeout,
        Integer maxConnections, GrpcKeepalive keepalive) {
    public static final Endpoint DEFAULT_ENDPOINT = new Endpoint("127.0.0.1", 4317);
    public static final int DEFAULT_MAX_RECV_MSG_SIZE_MIB = 4;
    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 16;
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
        if (maxConcurrentStreams == null) {
            maxConcurrentStreams = DEFAULT_MAX_CONCURRENT_STREAMS;
        }
        if (maxConcurrentStreams <= 0) {
            throw new InvalidConfigException("max_concurrent_streams", "must be at least 1, got "
                    + maxConcurrentStreams);
        }
        ServerLimits limits = new ServerLimits(readHeaderTimeout, idleTimeout, maxConnections);
        readHeaderTimeout = limits.readHeaderTimeout();
        idleTimeout = limits.idleTimeout();
        maxConnections = limits.maxConnections();
        keepalive = keepalive == null ? GrpcKeepalive.DEFAULT : keepalive;
    }

    /** With gRPC's keepalive defaults. */
    public GrpcServerConfig(Endpoint endpoint, Integer maxRecvMsgSizeMib, Integer maxConcurrentStreams,
            TlsServerConfig tls, AuthConfig auth, Duration readHeaderTimeout, Duration idleTimeout,
            Integer maxConnections) {
        this(endpoint, maxRecvMsgSizeMib, maxConcurrentStreams, tls, auth, readHeaderTimeout, idleTimeout,
                maxConnections, null);
    }

    /** With the default stream and listener limits. */
    public GrpcServerConfig(Endpoint endpoint, Integer maxRecvMsgSizeMib, TlsServerConfig tls) {
        this(endpoint, maxRecvMsgSizeMib, null, tls, null, null, null, null);
    }

    public int maxRecvMsgSizeBytes() {
        return maxRecvMsgSizeMib << 20;
    }

    public ServerLimits limits() {
        return new ServerLimits(readHeaderTimeout, idleTimeout, maxConnections);
    }
}
