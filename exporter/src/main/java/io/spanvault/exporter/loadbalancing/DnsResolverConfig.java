package io.spanvault.exporter.loadbalancing;

import io.spanvault.pipeline.config.InvalidConfigException;
import java.time.Duration;

/**
 * {@code resolver.dns}: every {@code interval} (default 5s) the addresses of {@code hostname} are looked up,
 * each lookup bounded by {@code timeout} (default 1s); each address with {@code port} (default 4317) is a
 * backend.
 */
public record DnsResolverConfig(String hostname, Integer port, Duration interval, Duration timeout) {

    public DnsResolverConfig {
        port = port == null ? 4317 : port;
        interval = interval == null ? Duration.ofSeconds(5) : interval;
        timeout = timeout == null ? Duration.ofSeconds(1) : timeout;
        if (hostname == null || hostname.isBlank()) {
            throw new InvalidConfigException("hostname", "must be set");
        }
        if (port < 1 || port > 65535) {
            throw new InvalidConfigException("port", "must be within 1..65535, got " + port);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidConfigException("interval", "must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidConfigException("timeout", "must be positive");
        }
    }
}
