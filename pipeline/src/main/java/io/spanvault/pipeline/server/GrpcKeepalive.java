package io.spanvault.pipeline.server;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;
import java.util.Optional;

/**
 * A gRPC server's {@code keepalive}, in the Collector's {@code configgrpc} shape. Unset values keep gRPC's
 * defaults (no age limit, pings after 2 h of quiet with a 20 s timeout, clients may ping every 5 min and
 * only during calls).
 *
 * @param serverParameters how the server ages, idles out and pings connections
 * @param enforcementPolicy how often clients may ping before the server sends GOAWAY ({@code too_many_pings})
 */
public record GrpcKeepalive(ServerParameters serverParameters, EnforcementPolicy enforcementPolicy) {
    public static final GrpcKeepalive DEFAULT = new GrpcKeepalive(null, null);

    public GrpcKeepalive {
        serverParameters = serverParameters == null ? new ServerParameters(null, null, null, null, null) : serverParameters;
        enforcementPolicy = enforcementPolicy == null ? new EnforcementPolicy(null, null) : enforcementPolicy;
    }

    /**
     * @param maxConnectionIdle     a connection without calls for this long is sent GOAWAY (overrides the
     *                              listener's {@code idle_timeout})
     * @param maxConnectionAge      a connection is sent GOAWAY after this long, so clients rebalance
     * @param maxConnectionAgeGrace calls still open then get this long to finish before the connection closes
     * @param time                  the server pings a connection quiet for this long
     * @param timeout               and closes it when the ping is not answered within this
     */
    public record ServerParameters(Duration maxConnectionIdle, Duration maxConnectionAge,
            Duration maxConnectionAgeGrace, Duration time, Duration timeout) {
        public ServerParameters {
            positive("max_connection_idle", maxConnectionIdle);
            positive("max_connection_age", maxConnectionAge);
            positive("max_connection_age_grace", maxConnectionAgeGrace);
            positive("time", time);
            positive("timeout", timeout);
        }
    }

    /**
     * @param minTime             the shortest interval between a client's pings the server accepts
     * @param permitWithoutStream whether a client may ping while it has no call open
     */
    public record EnforcementPolicy(Duration minTime, Boolean permitWithoutStream) {
        public EnforcementPolicy {
            positive("min_time", minTime);
        }
    }

    /** Unset (empty) or a positive duration: zero would mean "never" in one key and "always" in another. */
    private static void positive(String key, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new InvalidConfigException(key, "must be a positive duration, got " + value);
        }
    }

    /** The connection idle limit: {@code max_connection_idle} when set, else the listener's idle timeout. */
    public Optional<Duration> maxConnectionIdle(Duration idleTimeout) {
        if (serverParameters.maxConnectionIdle() != null) {
            return Optional.of(serverParameters.maxConnectionIdle());
        }
        return idleTimeout.isZero() ? Optional.empty() : Optional.of(idleTimeout);
    }
}
