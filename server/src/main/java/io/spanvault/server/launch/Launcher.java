package io.spanvault.server.launch;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The entry point's choice between running the server here and in a child JVM (see {@link LaunchPlan}). */
public final class Launcher {
    private Launcher() {
    }

    /**
     * Runs the server in a child JVM when this one lacks options it needs; the child's exit code, or empty when
     * the server should run in this JVM (also when the child cannot be started: the server then runs here).
     */
    public static OptionalInt runInChild(String mainClass, String... args) {
        RunningJvm jvm = RunningJvm.current();
        if (jvm.launched()) {
            LauncherWatch.start();
            return OptionalInt.empty();
        }
        Optional<List<String>> command = LaunchPlan.childCommand(jvm, mainClass, args);
        if (command.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(ChildServer.run(command.get()));
        } catch (IOException e) {
            System.err.println("spanvault: cannot start " + command.get().get(0) + " (" + e.getMessage()
                    + "); running in this JVM");
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.of(LauncherWatch.LAUNCHER_GONE);
        }
    }
}
