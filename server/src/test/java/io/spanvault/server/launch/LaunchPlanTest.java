package io.spanvault.server.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchPlanTest {
    @TempDir
    Path dir;

    private RunningJvm jar(int feature, List<String> options) throws Exception {
        Path jar = Files.write(dir.resolve("spanvault.jar"), new byte[] {1});
        return new RunningJvm(feature, feature + ".0.1+9", Path.of("/jdk"), options, jar.toString(),
                jar + " --config x.yaml", 42, Optional.empty(), false);
    }

    private static RunningJvm classPath(int feature, Optional<String> relaunch) {
        return new RunningJvm(feature, feature + ".0.1", Path.of("/jdk"), List.of("-Xmx1g"),
                "a.jar" + File.pathSeparator + "b", "io.spanvault.server.Main", 42, relaunch, false);
    }

    private static Optional<List<String>> plan(RunningJvm jvm) {
        return LaunchPlan.childCommand(jvm, "io.spanvault.server.Main", "--config", "x.yaml");
    }

    @Test
    void onJdk25TheJarRunsInAChildAllowedUnsafeMemoryAccessWithAnAotCacheWrittenOnceAndUsedLater() throws Exception {
        RunningJvm jvm = jar(25, List.of("-Xmx512m"));
        List<String> command = plan(jvm).orElseThrow();
        assertEquals("/jdk/bin/java", command.get(0));
        assertEquals("-Xmx512m", command.get(1));
        assertTrue(command.contains("--sun-misc-unsafe-memory-access=allow"), command.toString());
        Path cache = dir.resolve("spanvault-jdk25.0.1_9.aot");
        assertTrue(command.contains("-XX:AOTCacheOutput=" + cache), command.toString());
        assertTrue(command.contains("-Xlog:aot*=off"), command.toString());
        assertTrue(command.contains("-Dspanvault.launcher.pid=42"), command.toString());
        assertEquals(List.of("-jar", dir.resolve("spanvault.jar").toString(), "--config", "x.yaml"),
                command.subList(command.size() - 4, command.size()));
        Files.write(cache, new byte[] {1});
        Files.setLastModifiedTime(cache, FileTime.from(Instant.now().plusSeconds(5)));
        List<String> later = plan(jvm).orElseThrow();
        assertTrue(later.contains("-XX:AOTCache=" + cache), later.toString());
        assertFalse(later.stream().anyMatch(o -> o.startsWith("-XX:AOTCacheOutput")), later.toString());
        Files.setLastModifiedTime(cache, FileTime.from(Instant.now().minusSeconds(3600)));
        assertTrue(plan(jvm).orElseThrow().contains("-XX:AOTCacheOutput=" + cache), "a jar newer than its cache");
    }

    @Test
    void betweenJdk19And24TheArchiveIsAutoCreated() throws Exception {
        List<String> command = plan(jar(21, List.of())).orElseThrow();
        assertTrue(command.contains("-XX:+AutoCreateSharedArchive"), command.toString());
        assertTrue(command.contains("-XX:SharedArchiveFile=" + dir.resolve("spanvault-jdk21.0.1_9.jsa")), command.toString());
    }

    @Test
    void theChildGetsStartUpCompilerThresholdsUnlessTheUserTunesCompilation() throws Exception {
        List<String> command = plan(jar(17, List.of())).orElseThrow();
        assertTrue(command.containsAll(StartupCompilation.OPTIONS), command.toString());
        for (String tuning : List.of("-XX:Tier4InvocationThreshold=100", "-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation")) {
            List<String> tuned = plan(jar(25, List.of(tuning))).orElseThrow();
            assertFalse(tuned.stream().anyMatch(StartupCompilation.OPTIONS::contains), tuned.toString());
            assertTrue(tuned.contains(tuning), tuned.toString());
        }
    }

    @Test
    void theFlagGivenByTheUserIsNotAddedAgain() throws Exception {
        List<String> command = plan(jar(25, List.of("--sun-misc-unsafe-memory-access=warn"))).orElseThrow();
        assertFalse(command.contains("--sun-misc-unsafe-memory-access=allow"), command.toString());
    }

    @Test
    void onJdk17TheFirstStartWritesTheArchiveAndLaterStartsUseIt() throws Exception {
        RunningJvm jvm = jar(17, List.of());
        List<String> first = plan(jvm).orElseThrow();
        Path archive = dir.resolve("spanvault-jdk17.0.1_9.jsa");
        assertTrue(first.contains("-XX:ArchiveClassesAtExit=" + archive), first.toString());
        assertFalse(first.contains("--sun-misc-unsafe-memory-access=allow"), first.toString());
        Files.write(archive, new byte[] {1});
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(5)));
        List<String> later = plan(jvm).orElseThrow();
        assertTrue(later.contains("-XX:SharedArchiveFile=" + archive), later.toString());
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minusSeconds(3600)));
        assertTrue(plan(jvm).orElseThrow().contains("-XX:ArchiveClassesAtExit=" + archive), "a jar newer than its archive");
    }

    @Test
    void aJvmThatHasEverythingRunsTheServerItself() throws Exception {
        assertEquals(Optional.empty(), plan(jar(17, List.of("-XX:SharedArchiveFile=/x.jsa"))));
        assertEquals(Optional.empty(), plan(jar(25, List.of("-Xshare:off", "--sun-misc-unsafe-memory-access=allow"))));
        assertEquals(Optional.empty(), plan(jar(25, List.of("-XX:AOTCache=/x.aot", "--sun-misc-unsafe-memory-access=allow"))));
        assertEquals(Optional.empty(), plan(jar(25, List.of("-XX:AOTMode=off", "--sun-misc-unsafe-memory-access=allow"))));
    }

    @Test
    void aClassPathRunsTheServerItselfUnlessTold() {
        assertEquals(Optional.empty(), plan(classPath(25, Optional.empty())));
        List<String> forced = plan(classPath(25, Optional.of("true"))).orElseThrow();
        List<String> expected = new ArrayList<>(List.of("/jdk/bin/java", "-Xmx1g", "--sun-misc-unsafe-memory-access=allow"));
        expected.addAll(StartupCompilation.OPTIONS);
        expected.addAll(List.of("-Dspanvault.launcher.pid=42", "-cp", "a.jar" + File.pathSeparator + "b",
                "io.spanvault.server.Main", "--config", "x.yaml"));
        assertEquals(expected, forced);
        assertEquals(Optional.empty(), plan(classPath(17, Optional.of("true"))), "JDK 17 needs no option on a class path");
    }

    @Test
    void aLaunchedJvmOrOneToldNotToNeverRelaunches() throws Exception {
        RunningJvm jvm = jar(25, List.of());
        RunningJvm launched = new RunningJvm(25, "25", jvm.javaHome(), List.of(), jvm.classPath(), jvm.command(), 7,
                Optional.empty(), true);
        assertEquals(Optional.empty(), plan(launched));
        RunningJvm refused = new RunningJvm(25, "25", jvm.javaHome(), List.of(), jvm.classPath(), jvm.command(), 7,
                Optional.of("false"), false);
        assertEquals(Optional.empty(), plan(refused));
    }
}
