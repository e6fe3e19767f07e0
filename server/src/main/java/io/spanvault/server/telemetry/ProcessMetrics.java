package io.spanvault.server.telemetry;

import io.spanvault.pipeline.telemetry.Labels;
import io.spanvault.pipeline.telemetry.Telemetry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The collector's {@code otelcol_process_*} metrics, read when scraped. Uptime and CPU seconds only grow, but
 * are gauges here because they are read from the JVM rather than counted; their names are the collector's.
 */
public final class ProcessMetrics {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMetrics() {
    }

    public static void register(Telemetry telemetry) {
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        telemetry.gauge("otelcol_process_uptime", "Uptime of the process in seconds", Labels.NONE,
                () -> runtime.getUptime() / 1000.0);
        telemetry.gauge("otelcol_process_runtime_heap_alloc_bytes",
                "Bytes of allocated heap objects (the JVM's used heap)", Labels.NONE,
                () -> memory.getHeapMemoryUsage().getUsed());
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean jdkOs) {
            telemetry.gauge("otelcol_process_cpu_seconds", "Total CPU user and system time in seconds",
                    Labels.NONE, () -> jdkOs.getProcessCpuTime() / 1e9);
        }
        if (Files.isReadable(STATUS)) {
            telemetry.gauge("otelcol_process_memory_rss", "Total physical memory (resident set size) in bytes",
                    Labels.NONE, ProcessMetrics::residentBytes);
        }
    }

    /** VmRSS from {@code /proc/self/status}, which the kernel reports in kB. */
    static double residentBytes() {
        try {
            return parseVmRss(Files.readString(STATUS, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    static double parseVmRss(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024.0;
            }
        }
        return Double.NaN;
    }
}
