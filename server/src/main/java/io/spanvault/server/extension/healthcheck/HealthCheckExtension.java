package io.spanvault.server.extension.healthcheck;

import io.spanvault.pipeline.component.Extension;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.server.PlainHttpServer;
import io.spanvault.pipeline.server.ServerSecurity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Answers the health path as the collector's {@code health_check} does: 200 with
 * {@code {"status":"Server available","upSince":...,"uptime":...}} once every component has started, 503
 * with {@code "Server not available"} while the service starts or shuts down.
 */
final class HealthCheckExtension implements Extension {
    private final HealthCheckConfig config;
    private final Clock clock;
    private volatile boolean available;
    private volatile Instant upSince;
    private PlainHttpServer server;

    HealthCheckExtension(HealthCheckConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.upSince = clock.instant();
    }

    @Override
    public void start(Host host) throws Exception {
        server = PlainHttpServer.start("health-check", config.endpoint(), config.limits(),
                ServerSecurity.resolve("health_check", host, config.tls(), config.cors(), config.auth()),
                Map.of(config.path(), request -> status()));
        LoggerFactory.getLogger(HealthCheckExtension.class).info("Health check at {}://{}{}",
                config.tls() == null ? "http" : "https", server.endpoint(), config.path());
    }

    /** The address bound, with the real port when 0 was configured. */
    Endpoint endpoint() {
        return server.endpoint();
    }

    @Override
    public void ready() {
        upSince = clock.instant();
        available = true;
    }

    @Override
    public void notReady() {
        available = false;
        upSince = clock.instant();
    }

    private PlainHttpServer.Response status() {
        boolean up = available;
        Instant since = upSince;
        Duration uptime = Duration.between(since, clock.instant());
        String body = "{\"status\":\"" + (up ? "Server available" : "Server not available")
                + "\",\"upSince\":\"" + since + "\",\"uptime\":\"" + goString(uptime) + "\"}";
        return new PlainHttpServer.Response(up ? 200 : 503, "application/json", body);
    }

    /** Go's {@code Duration.String()} at millisecond precision, e.g. {@code 1h2m3.45s}, as the collector prints. */
    static String goString(Duration d) {
        long millis = d.toMillis();
        StringBuilder out = new StringBuilder();
        if (millis >= 3_600_000) {
            out.append(millis / 3_600_000).append('h');
        }
        if (millis >= 60_000) {
            out.append(millis / 60_000 % 60).append('m');
        }
        out.append(millis / 1000 % 60);
        long fraction = millis % 1000;
        if (fraction != 0) {
            out.append('.').append(String.format(java.util.Locale.ROOT, "%03d", fraction).replaceAll("0+$", ""));
        }
        return out.append('s').toString();
    }

    @Override
    public void close() {
        available = false;
        if (server != null) {
            server.close();
        }
    }
}
