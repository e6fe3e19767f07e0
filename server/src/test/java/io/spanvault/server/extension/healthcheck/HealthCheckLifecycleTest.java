package io.spanvault.server.extension.healthcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.exporter.debug.DebugConfig;
import io.spanvault.exporter.debug.DebugExporterFactory;
import io.spanvault.pipeline.component.ComponentContext;
import io.spanvault.pipeline.component.ComponentId;
import io.spanvault.pipeline.component.ComponentKind;
import io.spanvault.pipeline.component.ComponentRegistry;
import io.spanvault.pipeline.component.Host;
import io.spanvault.pipeline.component.Receiver;
import io.spanvault.pipeline.component.ReceiverConsumers;
import io.spanvault.pipeline.component.ReceiverFactory;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.graph.PipelineId;
import io.spanvault.pipeline.graph.PipelineSpec;
import io.spanvault.pipeline.graph.ServiceGraph;
import io.spanvault.pipeline.graph.ServiceSpec;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Health as the service graph drives it: a receiver that holds its start and its close until the test
 * lets go shows the service mid-start and mid-shutdown.
 */
class HealthCheckLifecycleTest {
    private static final ComponentId HEALTH = new ComponentId("health_check", "");
    private static final ComponentId GATE = new ComponentId("gate", "");
    private static final ComponentId DEBUG = new ComponentId("debug", "");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final GateReceiverFactory gate = new GateReceiverFactory();

    @Test
    void unavailableWhileStartingAvailableOnceStartedUnavailableWhileShuttingDown() throws Exception {
        ServiceSpec spec = new ServiceSpec(Map.of(
                ComponentKind.EXTENSION, Map.of(HEALTH, new HealthCheckConfig(new Endpoint("127.0.0.1", 0), null)),
                ComponentKind.RECEIVER, Map.of(GATE, new Object()),
                ComponentKind.EXPORTER, Map.of(DEBUG, new DebugConfig(null))),
                List.of(HEALTH), Map.of(PipelineId.parse("traces"), new PipelineSpec(List.of(GATE), List.of(),
                        List.of(DEBUG))));
        ServiceGraph graph = ServiceGraph.build(spec,
                new ComponentRegistry(List.of(new HealthCheckFactory(), new DebugExporterFactory(), gate)),
                new Telemetry());
        HealthCheckExtension health = graph.component(ComponentKind.EXTENSION, HEALTH, HealthCheckExtension.class)
                .orElseThrow();

        Thread starter = new Thread(() -> {
            try {
                graph.start();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        starter.start();
        assertTrue(gate.starting.await(10, TimeUnit.SECONDS));
        assertEquals(503, status(health), "the receiver has not started yet");
        gate.release.countDown();
        starter.join(10_000);
        assertEquals(200, status(health));

        Thread stopper = new Thread(() -> graph.shutdown(Duration.ofSeconds(10)));
        gate.release = new CountDownLatch(1);
        stopper.start();
        assertTrue(gate.closing.await(10, TimeUnit.SECONDS));
        assertEquals(503, status(health), "the receiver is still stopping");
        gate.release.countDown();
        stopper.join(10_000);
    }

    private int status(HealthCheckExtension health) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://" + health.endpoint() + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Receivers of type {@code gate}: start and close each wait for {@link #release}. */
    private static final class GateReceiverFactory implements ReceiverFactory<Object> {
        final CountDownLatch starting = new CountDownLatch(1);
        final CountDownLatch closing = new CountDownLatch(1);
        volatile CountDownLatch release = new CountDownLatch(1);

        @Override
        public String type() {
            return "gate";
        }

        @Override
        public Class<Object> configType() {
            return Object.class;
        }

        @Override
        public Object defaultConfig() {
            return new Object();
        }

        @Override
        public Receiver create(ComponentContext context, Object config, ReceiverConsumers consumers) {
            return new Receiver() {
                @Override
                public void start(Host host) throws InterruptedException {
                    starting.countDown();
                    release.await(10, TimeUnit.SECONDS);
                }

                @Override
                public void close() {
                    closing.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        }
    }
}
