package io.spanvault.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.bench.loadgen.LoadOptions;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    @Test
    void trace10kCeilingOffersTheTestbedLoadToTheBareService() {
        Scenario s = Scenario.parse("trace10k-ceiling");
        assertEquals(Scenario.Setup.CEILING, s.setup);
        assertEquals(Scenario.TRACE10K_GRPC.rate, s.rate);
        assertEquals(Scenario.TRACE10K_GRPC.concurrency, s.concurrency);
        assertEquals(LoadOptions.Protocol.GRPC, s.protocol);
    }

    @Test
    void anUnknownLabelListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scenario.parse("trace20k"));
        for (Scenario s : Scenario.values()) {
            assertTrue(e.getMessage().contains(s.label()), e.getMessage());
        }
    }
}
