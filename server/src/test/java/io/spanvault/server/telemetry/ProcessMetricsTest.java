package io.spanvault.server.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessMetricsTest {

    @Test
    void readsResidentSetFromProcStatusInKilobytes() {
        String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t   51200 kB\nRssAnon:\t 100 kB\n";
        assertEquals(51200 * 1024.0, ProcessMetrics.parseVmRss(status));
    }

    @Test
    void missingResidentSetIsNotANumber() {
        assertTrue(Double.isNaN(ProcessMetrics.parseVmRss("Name:\tkthreadd\n")));
    }
}
