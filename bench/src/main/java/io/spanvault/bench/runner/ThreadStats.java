package io.spanvault.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of a process' threads from {@code /proc/<pid>/task}: each thread's group (its name without its
 * number, so the event loops, the executors and the store writers each add up), CPU ticks and context switches.
 * The difference of two snapshots says where a scenario's CPU went and how often its threads went to sleep and
 * were woken; a thread that ended in between is left out, one that started counts from zero.
 */
record ThreadStats(Map<Long, Task> tasks) {

    record Task(String group, long ticks, long contextSwitches) {
    }

    static ThreadStats of(long pid) throws IOException {
        Map<Long, Task> tasks = new HashMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : dir) {
                try {
                    String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
                    String status = Files.readString(task.resolve("status"), StandardCharsets.US_ASCII);
                    tasks.put(Long.parseLong(task.getFileName().toString()), new Task(
                            group(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))),
                            ProcessStats.parseCpuTicks(stat), contextSwitches(status)));
                } catch (NoSuchFileException e) {
                    // the thread ended while the directory was read
                }
            }
        }
        return new ThreadStats(tasks);
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

    /** What the threads alive now spent since {@code before}. */
    ThreadStats minus(ThreadStats before) {
        Map<Long, Task> spent = new HashMap<>();
        tasks.forEach((id, now) -> {
            Task then = before.tasks.get(id);
            spent.put(id, then == null ? now
                    : new Task(now.group, now.ticks - then.ticks, now.contextSwitches - then.contextSwitches));
        });
        return new ThreadStats(spent);
    }

    /** CPU ticks per thread group, leaving out groups that spent none. */
    Map<String, Long> ticksByGroup() {
        Map<String, Long> ticks = new TreeMap<>();
        tasks.values().forEach(t -> {
            if (t.ticks > 0) {
                ticks.merge(t.group, t.ticks, Long::sum);
            }
        });
        return ticks;
    }

    /** CPU ticks of the JIT compiler threads (C1, C2). */
    long jitTicks() {
        return ticksByGroup().entrySet().stream()
                .filter(e -> e.getKey().startsWith("C1 Compiler") || e.getKey().startsWith("C2 Compiler"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    long contextSwitches() {
        return tasks.values().stream().mapToLong(Task::contextSwitches).sum();
    }
}
