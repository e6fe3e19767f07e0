package io.spanvault.bench.cassandra;

import io.spanvault.bench.runner.ProcessStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of a process and of the processes under it when this is made: {@code java -jar spanvault.jar}
 * relaunches the server in a child JVM (server/launch), so the pid the bench started is only the launcher.
 */
final class ProcessTreeCpu {
    private final List<ProcessStats> processes = new ArrayList<>();

    ProcessTreeCpu(long pid, long clockTicksPerSecond) {
        processes.add(new ProcessStats(pid, clockTicksPerSecond));
        ProcessHandle.of(pid).ifPresent(root -> root.descendants()
                .forEach(child -> processes.add(new ProcessStats(child.pid(), clockTicksPerSecond))));
    }

    /** User plus system CPU seconds of every process of the tree so far. */
    double cpuSeconds() throws IOException {
        double seconds = 0;
        for (ProcessStats process : processes) {
            seconds += process.cpuSeconds();
        }
        return seconds;
    }

    int processes() {
        return processes.size();
    }
}
