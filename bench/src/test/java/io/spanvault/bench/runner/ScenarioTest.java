package io.spanvault.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.bench.loadgen.LoadOptions;
import io.spanvault.bench.loadgen.SpanShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    @Test
    void trace10kCeilingOffersTheTestbedLoadToTheBareService() {
        Scenario s = Scenario.parse("trace10k-ceiling");
        assertEquals(Scenario.Setup.CEILING, s.setup);
        assertEquals(Scenario.TRACE10K_GRPC.rate, s.rate);
        assertEquals(Scenario.TRACE10K_GRPC.concurrency, s.concurrency);
        assertEquals(LoadOptions.Protocol.GRPC, s.protocol);
        assertEquals(Scenario.TRACE10K_GRPC.shape, s.shape);
        assertEquals(Scenario.TRACE10K_GRPC.compression, s.compression);
    }

    @Test
    void trace10kSendsAsTheTestbedsLoadGeneratorOneSenderHundredSpanBatchesGzipOnGrpc() {
        for (Scenario s : List.of(Scenario.TRACE10K_GRPC, Scenario.TRACE10K_HTTP, Scenario.TRACE10K_CEILING)) {
            assertEquals(10_000, s.rate, s.label());
            assertEquals(1, s.concurrency, s.label() + ": the testbed's Parallel: 1");
            assertEquals(SpanShape.TESTBED_BATCH, s.shape, s.label());
        }
        assertEquals(100, Scenario.SPANS_PER_REQUEST);
        assertEquals(LoadOptions.Compression.GZIP, Scenario.TRACE10K_GRPC.compression);
        assertEquals(LoadOptions.Compression.NONE, Scenario.TRACE10K_HTTP.compression);
    }

    @Test
    void trace10kRunsAsASmallCollectorAndTheMaxScenariosAsAGateway() throws Exception {
        for (Scenario s : Scenario.values()) {
            assertEquals(s.rate == 0 ? Scenario.Tuning.THROUGHPUT : Scenario.Tuning.FOOTPRINT, s.tuning, s.label());
        }
        assertNull(ScenarioRunner.Options.parse("--work-dir", "unused").serverJvmOptions());
        assertEquals(List.of("-Xmx64m", "-XX:+UseG1GC"), ScenarioRunner.Options
                .parse("--work-dir", "unused", "--server-jvm-opts", " -Xmx64m  -XX:+UseG1GC").serverJvmOptions());
    }

    @Test
    void theWarmUpRunsAtTheScenariosRateUnlessARateIsGiven() throws Exception {
        assertNull(ScenarioRunner.Options.parse("--work-dir", "unused").warmupRate());
        assertEquals(0L, ScenarioRunner.Options.parse("--work-dir", "unused", "--warmup-rate", "max").warmupRate());
        assertEquals(50_000L, ScenarioRunner.Options.parse("--work-dir", "unused", "--warmup-rate", "50000").warmupRate());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScenarioRunner.Options.parse("--work-dir", "unused", "--warmup-rate", "0"));
        assertTrue(e.getMessage().contains("--warmup-rate") && e.getMessage().endsWith("got 0"), e.getMessage());
    }

    @Test
    void sideBySideIsAFlagWithoutAValue() throws Exception {
        assertTrue(ScenarioRunner.Options.parse("--side-by-side", "--work-dir", "unused").sideBySide());
        assertFalse(ScenarioRunner.Options.parse("--work-dir", "unused").sideBySide());
    }

    @Test
    void theAckGroupIsIssue14sRunAndItsExportersSendTenSpanTraces() {
        List<Scenario> group = Scenario.parseList("ack");
        assertEquals(List.of(Scenario.TRACE10K_GRPC, Scenario.TRACE10K_CEILING), group.subList(0, 2));
        for (String label : List.of("ack-grpc-1", "ack-grpc-8", "ack-grpc-64", "ack-grpc-256", "ack-http-1",
                "ack-http-8", "ack-http-64", "ack-http-256", "agent-grpc-1", "agent-grpc-8", "agent-http-1",
                "agent-http-8")) {
            Scenario s = Scenario.parse(label);
            assertTrue(group.contains(s), label);
            assertEquals(SpanShape.TRACES10, s.shape, label);
        }
        assertEquals(SpanShape.TESTBED, Scenario.MAX_STORE.shape);
        assertEquals(List.of(Scenario.MAX_NOOP, Scenario.CEILING), Scenario.parseList("max-noop, ceiling"));
    }

    @Test
    void anUnknownLabelListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("trace20k"));
        for (Scenario s : Scenario.values()) {
            assertTrue(e.getMessage().contains(s.label()), e.getMessage());
        }
    }
}
