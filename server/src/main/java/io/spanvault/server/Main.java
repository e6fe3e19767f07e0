package io.spanvault.server;

import io.spanvault.server.launch.Launcher;
import java.util.OptionalInt;

/** The {@code spanvault} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (runsTheService(args)) {
            OptionalInt child = Launcher.runInChild(Main.class.getName(), args);
            if (child.isPresent()) {
                System.exit(child.getAsInt());
            }
        }
        System.exit(new Cli(System.out, System.err).run(args));
    }

    /** Only a running service opens the store; help, version, validate and usage errors answer here at once. */
    private static boolean runsTheService(String[] args) {
        try {
            return CommandLine.parse(args).command() == Command.RUN;
        } catch (UsageException e) {
            return false;
        }
    }
}
