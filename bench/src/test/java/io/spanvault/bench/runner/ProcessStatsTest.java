package io.spanvault.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void addsUserAndSystemTicksEvenWhenTheCommandHasSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 52021 0 3 0 1234 567 0 0 20 0 31 0 "
                + "9171 3987660800 34122 18446744073709551615";
        assertEquals(1234 + 567, ProcessStats.parseCpuTicks(stat));
    }

    @Test
    void readsThisProcessFromProc() throws Exception {
        ProcessStats self = new ProcessStats(ProcessHandle.current().pid(), ProcessStats.clockTicksPerSecond());
        assertTrue(self.cpuSeconds() > 0);
        assertTrue(self.rssBytes() > 1 << 20);
    }

    @Test
    void sumsEverySeriesOfAMetric() {
        String exposition = """
                # TYPE otelcol_receiver_accepted_spans_total counter
                otelcol_receiver_accepted_spans_total{receiver="otlp",transport="grpc"} 300
                otelcol_receiver_accepted_spans_total{receiver="otlp",transport="http"} 20
                otelcol_receiver_accepted_spans_totally_else 5
                """;
        assertEquals(320, ScenarioRunner.sumSeries(exposition, "otelcol_receiver_accepted_spans_total"));
    }
}
