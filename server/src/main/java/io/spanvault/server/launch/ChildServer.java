package io.spanvault.server.launch;

import java.io.IOException;
import java.util.List;

/**
 * Runs the server in a child JVM as if it were this process: the same standard output and error, SIGTERM and
 * SIGINT passed on (the child drains and stops; this process waits for it and exits with its code), and the
 * child's standard input a pipe from this process, so the child sees end-of-file and stops when this process
 * dies, even by {@code kill -9}.
 */
final class ChildServer {
    /** Set in our environment, they are already among our options, which the child gets. */
    private static final List<String> OPTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

    private ChildServer() {
    }

    /** The child's exit code once it has exited. */
    static int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        for (String variable : OPTION_VARIABLES) {
            builder.environment().remove(variable);
        }
        Process child = builder.start();
        Runtime.getRuntime().addShutdownHook(new StopHook(child));
        return child.waitFor();
    }

    /** A class, not a lambda: the launcher's first lambda would bootstrap the method-handle machinery (~40 ms CPU). */
    private static final class StopHook extends Thread {
        private final Process child;

        StopHook(Process child) {
            super("spanvault-launcher-stop");
            this.child = child;
        }

        @Override
        public void run() {
            ChildServer.stop(child);
        }
    }

    /** On our own shutdown (a signal, or the exit after the child's): stop the child, wait, exit with its code. */
    private static void stop(Process child) {
        child.destroy();
        while (true) {
            try {
                Runtime.getRuntime().halt(child.waitFor());
            } catch (InterruptedException e) {
                // nothing else may end this process before its child: keep waiting
            }
        }
    }
}
