package io.spanvault.server.extension.healthcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.InvalidConfigException;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthCheckExtensionTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void answers503UntilReadyThen200WithTheCollectorsStatusJsonThen503WhenStopping() throws Exception {
        HealthCheckExtension extension = create(new HealthCheckConfig(new Endpoint("127.0.0.1", 0), "/health"));
        extension.start(new NoComponents());
        try {
            HttpResponse<String> starting = get(extension, "/health");
            assertEquals(503, starting.statusCode());
            assertTrue(starting.body().startsWith("{\"status\":\"Server not available\",\"upSince\":\""),
                    starting.body());

            extension.ready();
            HttpResponse<String> up = get(extension, "/health");
            assertEquals(200, up.statusCode());
            assertEquals("application/json", up.headers().firstValue("content-type").orElseThrow());
            assertTrue(up.body().matches(
                    "\\{\"status\":\"Server available\",\"upSince\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\","
                            + "\"uptime\":\"[0-9.hms]+s\"}"), up.body());

            extension.notReady();
            assertEquals(503, get(extension, "/health").statusCode());
            assertEquals(404, get(extension, "/").statusCode());
        } finally {
            extension.close();
        }
        assertThrows(IOException.class, () -> get(extension, "/health"));
    }

    @Test
    void isFoundByTypeWithTheCollectorsDefaults() {
        HealthCheckConfig defaults = (HealthCheckConfig) ComponentRegistry.loadInstalled()
                .find(ComponentKind.EXTENSION, "health_check").orElseThrow().defaultConfig();
        assertEquals(new Endpoint("127.0.0.1", 13133), defaults.endpoint());
        assertEquals("/", defaults.path());
    }

    @Test
    void rejectsAPathWithoutLeadingSlash() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> new HealthCheckConfig(null, "health"));
        assertEquals("path", e.key());
    }

    @Test
    void formatsUptimeAsGoDoes() {
        assertEquals("0s", HealthCheckExtension.goString(Duration.ZERO));
        assertEquals("49.013s", HealthCheckExtension.goString(Duration.ofMillis(49_013)));
        assertEquals("1m0.5s", HealthCheckExtension.goString(Duration.ofMillis(60_500)));
        assertEquals("2h3m4s", HealthCheckExtension.goString(Duration.ofSeconds(2 * 3600 + 3 * 60 + 4)));
    }

    private static HealthCheckExtension create(HealthCheckConfig config) {
        return (HealthCheckExtension) new HealthCheckFactory().create(new ComponentContext(ComponentKind.EXTENSION,
                new ComponentId("health_check", ""), new Telemetry()), config);
    }

    private HttpResponse<String> get(HealthCheckExtension extension, String path)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + extension.endpoint() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final class NoComponents implements io.spanvault.pipeline.component.Host {
        @Override
        public <T> Optional<T> component(ComponentKind kind, ComponentId id, Class<T> type) {
            return Optional.empty();
        }
    }
}
