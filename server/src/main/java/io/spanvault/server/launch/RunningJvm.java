package io.spanvault.server.launch;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the launcher needs to know of the JVM it runs in: its version, how it was started and the options it
 * was given (including those from {@code JAVA_TOOL_OPTIONS} and {@code JDK_JAVA_OPTIONS}).
 */
record RunningJvm(int feature, String vmVersion, Path javaHome, List<String> options, String classPath,
        String command, long pid, Optional<String> relaunch, boolean launched) {

    /** Set on the child JVM to the launcher's pid, so the child knows it was launched and does not relaunch. */
    static final String LAUNCHED_PROPERTY = "spanvault.launcher.pid";
    /** {@code false}: never start a child JVM; {@code true}: start one also when run from a class path. */
    static final String RELAUNCH_PROPERTY = "spanvault.relaunch";

    RunningJvm {
        options = List.copyOf(options);
    }

    static RunningJvm current() {
        return new RunningJvm(Runtime.version().feature(), System.getProperty("java.vm.version"),
                Path.of(System.getProperty("java.home")), inputArguments(),
                System.getProperty("java.class.path", ""), System.getProperty("sun.java.command", ""),
                ProcessHandle.current().pid(), Optional.ofNullable(System.getProperty(RELAUNCH_PROPERTY)),
                System.getProperty(LAUNCHED_PROPERTY) != null);
    }

    /**
     * The JVM's options. {@code jdk.internal.misc.VM} has them without starting the management layer, which
     * costs the launcher about 50 ms of CPU; the jar's manifest exports its package to us. From a class path
     * without that export, the management bean answers.
     */
    private static List<String> inputArguments() {
        try {
            return List.of((String[]) Class.forName("jdk.internal.misc.VM").getMethod("getRuntimeArguments").invoke(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return ManagementFactory.getRuntimeMXBean().getInputArguments();
        }
    }

    /** The jar this JVM was started with by {@code java -jar}, if it was. */
    Optional<Path> executableJar() {
        boolean oneJar = !classPath.isEmpty() && !classPath.contains(File.pathSeparator) && classPath.endsWith(".jar");
        return oneJar && command.startsWith(classPath) ? Optional.of(Path.of(classPath).toAbsolutePath()) : Optional.empty();
    }

    boolean hasOption(String prefix) {
        for (String option : options) {
            if (option.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    Path java() {
        return javaHome.resolve("bin").resolve("java");
    }
}
