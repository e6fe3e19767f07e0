package io.spanvault.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a process' threads from {@code /proc/<pid>/task}: CPU ticks per thread group (the thread's name
 * without its number, so the event loops, the gRPC executor and the store writers each add up) and context
 * switches of all threads. The difference of two snapshots says where a scenario's CPU went and how often its
 * threads went to sleep and were woken per request; threads that ended in between are not counted.
 */
record ThreadStats(Map<String, Long> ticksByGroup, long contextSwitches) {

    static ThreadStats of(long pid) throws IOException {
        Map<String, Long> ticks = new TreeMap<>();
        long switches = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    ticks.merge(group(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))),
                            ProcessStats.parseCpuTicks(stat), Long::sum);
                    switches += contextSwitches(Files.readString(task.resolve("status"), StandardCharsets.US_ASCII));
                } catch (NoSuchFileException e) {
                    // the thread ended while the directory was read
                }
            }
        }
        return new ThreadStats(ticks, switches);
    }

    /** The kernel's 15-character thread name without its trailing number: {@code otlp-grpc-3-1} → {@code otlp-grpc}. */
    static String group(String name) {
        String g = name.replaceAll("([-#_ ]?\\d+)+$", "");
        return g.isEmpty() ? name : g;
    }

    static long contextSwitches(String status) {
        long sum = 0;
        for (String line : status.split("\n")) {
            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return sum;
    }

    /** What the threads spent since {@code before}. */
    ThreadStats minus(ThreadStats before) {
        Map<String, Long> ticks = new TreeMap<>();
        ticksByGroup.forEach((group, t) -> {
            long d = t - before.ticksByGroup.getOrDefault(group, 0L);
            if (d > 0) {
                ticks.put(group, d);
            }
        });
        return new ThreadStats(ticks, contextSwitches - before.contextSwitches);
    }
}
