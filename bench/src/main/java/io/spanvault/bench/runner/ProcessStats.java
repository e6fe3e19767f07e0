package io.spanvault.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and resident memory of a process, read from {@code /proc/<pid>} as {@code top} and the testbed do. */
public final class ProcessStats {
    private final long pid;
    private final Path stat;
    private final Path status;
    private final long clockTicksPerSecond;

    public ProcessStats(long pid, long clockTicksPerSecond) {
        this.pid = pid;
        this.stat = Path.of("/proc", Long.toString(pid), "stat");
        this.status = Path.of("/proc", Long.toString(pid), "status");
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    long pid() {
        return pid;
    }

    /** User plus system CPU seconds so far. */
    public double cpuSeconds() throws IOException {
        return parseCpuTicks(Files.readString(stat, StandardCharsets.US_ASCII)) / (double) clockTicksPerSecond;
    }

    /** Resident set size in bytes. */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new IOException(status + " has no VmRSS line");
    }

    /** utime + stime (fields 14 and 15); the command name in field 2 may hold spaces, so count after its ')'. */
    static long parseCpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** The kernel's USER_HZ, which {@code /proc/<pid>/stat} counts CPU time in. */
    public static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
