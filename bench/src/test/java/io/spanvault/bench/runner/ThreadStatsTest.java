package io.spanvault.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThreadStatsTest {

    @Test
    void groupsThreadsByNameWithoutTheirNumbers() {
        assertEquals("otlp-grpc", ThreadStats.group("otlp-grpc-3-1"));
        assertEquals("GC Thread", ThreadStats.group("GC Thread#0"));
        assertEquals("grpc-default-ex", ThreadStats.group("grpc-default-ex"));
        assertEquals("1234", ThreadStats.group("1234"));
    }

    @Test
    void addsVoluntaryAndInvoluntaryContextSwitches() {
        String status = "Name:\tjava\nvoluntary_ctxt_switches:\t120\nnonvoluntary_ctxt_switches:\t7\n";
        assertEquals(127, ThreadStats.contextSwitches(status));
    }

    @Test
    void countsWhatThisProcessSpentSinceASnapshot() throws Exception {
        long pid = ProcessHandle.current().pid();
        ThreadStats before = ThreadStats.of(pid);
        Thread.sleep(20);
        ThreadStats spent = ThreadStats.of(pid).minus(before);
        // this thread's sleep is at least one; threads ending meanwhile must not take any away
        assertTrue(spent.contextSwitches() > 0, "sleeping is a context switch");
        spent.ticksByGroup().values().forEach(ticks -> assertTrue(ticks > 0));
    }
}
