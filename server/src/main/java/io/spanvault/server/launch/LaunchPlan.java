package io.spanvault.server.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the server should run in a child JVM, and its command line. {@code java -jar spanvault.jar} cannot
 * carry JVM options in the jar's manifest, and two matter:
 * <ul>
 * <li>on JDK 24+, {@code --sun-misc-unsafe-memory-access=allow}: Chronicle Map's memory layer
 * ({@code net.openhft.chronicle.core.UnsafeMemory}, on every store read and write) and jffi (under Chronicle's
 * {@code PosixAPI}) call {@code sun.misc.Unsafe}'s memory-access methods, which those JDKs warn about at first
 * use (JEP 471/498); nothing but this option accepts them quietly;</li>
 * <li>a class-data-sharing archive of our classes ({@link SharedArchive}), which halves the CPU to ready.</li>
 * </ul>
 * A child started for those also gets {@link StartupCompilation}'s compiler thresholds.
 * A JVM already given those options, or started from a class path (tests, embedding), runs the server itself.
 */
final class LaunchPlan {
    static final int UNSAFE_WARNS_SINCE = 24;
    static final String UNSAFE_ALLOW = "--sun-misc-unsafe-memory-access=allow";

    private LaunchPlan() {
    }

    /** The child's command line, or empty when this JVM should run the server itself. */
    static Optional<List<String>> childCommand(RunningJvm jvm, String mainClass, String... args) {
        if (jvm.launched() || "false".equalsIgnoreCase(jvm.relaunch().orElse(""))) {
            return Optional.empty();
        }
        Optional<Path> jar = jvm.executableJar();
        boolean forced = "true".equalsIgnoreCase(jvm.relaunch().orElse(""));
        if (jar.isEmpty() && !forced) {
            return Optional.empty();
        }
        List<String> added = new ArrayList<>();
        if (jvm.feature() >= UNSAFE_WARNS_SINCE && !jvm.hasOption("--sun-misc-unsafe-memory-access")) {
            added.add(UNSAFE_ALLOW);
        }
        boolean ownArchive = jvm.hasOption("-XX:SharedArchiveFile") || jvm.hasOption("-XX:ArchiveClassesAtExit")
                || jvm.hasOption("-Xshare:off") || jvm.hasOption("-XX:AOTCache") || jvm.hasOption("-XX:AOTMode");
        if (jar.isPresent() && !ownArchive) {
            added.addAll(SharedArchive.options(jvm, jar.get()));
        }
        if (added.isEmpty()) {
            return Optional.empty();
        }
        added.addAll(StartupCompilation.options(jvm));
        List<String> command = new ArrayList<>();
        command.add(jvm.java().toString());
        command.addAll(jvm.options());
        command.addAll(added);
        command.add("-D" + RunningJvm.LAUNCHED_PROPERTY + "=" + jvm.pid());
        if (jar.isPresent()) {
            command.addAll(List.of("-jar", jar.get().toString()));
        } else {
            command.addAll(List.of("-cp", jvm.classPath(), mainClass));
        }
        command.addAll(List.of(args));
        return Optional.of(command);
    }
}
