package io.spanvault.server;

/** The {@code spanvault} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(new Cli(System.out, System.err).run(args));
    }
}
