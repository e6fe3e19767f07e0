package io.spanvault.pipeline.component;

import java.util.concurrent.ThreadFactory;

/**
 * Threads that components start for their own timers and loops. They are daemons so a component that fails to
 * stop never keeps the process alive after the service graph has shut down.
 */
public final class ComponentThreads {
    private ComponentThreads() {
    }

    /** A factory whose threads all carry {@code name}, for single-threaded executors. */
    public static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
