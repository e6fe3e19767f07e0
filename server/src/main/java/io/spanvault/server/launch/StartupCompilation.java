package io.spanvault.server.launch;

import java.util.List;

/**
 * Compiler thresholds for the server JVM that keep the JIT compilers out of start-up: a method is compiled by
 * C2 after ten times the JVM's default invocations and loop iterations (tier 4 thresholds ×10), and by C1 after
 * five times (tier 3). What runs while the server starts (jar index, config binding, class initialisation) is
 * hot only then: C2 spent about a fifth of the start-up CPU compiling it, and C1 a quarter, on a machine whose
 * two cores the main thread needed. Code that is hot under load reaches the thresholds within its first
 * second, so the steady state is the same.
 */
final class StartupCompilation {
    static final List<String> OPTIONS = List.of("-XX:Tier3InvocationThreshold=1000",
            "-XX:Tier3MinInvocationThreshold=500", "-XX:Tier3CompileThreshold=10000",
            "-XX:Tier3BackEdgeThreshold=300000", "-XX:Tier4InvocationThreshold=50000",
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
