package io.spanvault.server.launch;

import java.util.List;

/**
 * Compiler thresholds for the server JVM that keep C2 out of start-up: a method is compiled by C2 after ten
 * times the JVM's default invocations and loop iterations (tier 4 thresholds ×10). What runs while the server
 * starts (jar index, config binding, class initialisation) is hot only then, and C2 spent about a fifth of
 * the start-up CPU compiling it; C1 compiles as usual, and code that is hot under load reaches the
 * thresholds within its first second, so the steady state is the same.
 */
final class StartupCompilation {
    static final List<String> OPTIONS = List.of("-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000", "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");

    private StartupCompilation() {
    }

    /** The thresholds, or none when the user tunes tiered compilation himself. */
    static List<String> options(RunningJvm jvm) {
        boolean tuned = jvm.hasOption("-XX:Tier") || jvm.hasOption("-XX:-TieredCompilation")
                || jvm.hasOption("-XX:CompileThreshold");
        return tuned ? List.of() : OPTIONS;
    }
}
