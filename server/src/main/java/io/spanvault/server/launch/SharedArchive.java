package io.spanvault.server.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

/**
 * A class-data-sharing archive of the server's own classes, next to the jar (or in the temporary directory
 * when the jar's directory is read-only): the classes come parsed and verified from it, which halves the CPU
 * time to "ready". The first start writes it as the JVM exits; later starts use it. One file per JVM build,
 * since an archive only fits the JVM that wrote it. On JDK 25+ it is an AOT cache (JEP 483, 514), which also
 * holds the classes linked and the lambdas and method handles resolved: a quarter less CPU on the main thread
 * than the dynamic archive.
 */
final class SharedArchive {
    /** JDK 19+ checks the archive against the jar and JVM and rewrites it when stale. */
    private static final int AUTO_CREATE_SINCE = 19;
    /** JDK 25 writes an AOT cache at exit in one step ({@code -XX:AOTCacheOutput}, JEP 514). */
    static final int AOT_CACHE_SINCE = 25;
    /** Writing the archive lists the classes it cannot hold (pre-Java-6 bytecode in jnr/asm): noise to a user. */
    private static final String QUIET = "-Xlog:cds*=off";
    private static final String QUIET_AOT = "-Xlog:aot*=off";

    private SharedArchive() {
    }

    /** The options that use (or write) the archive for {@code jar} under {@code jvm}; none if it has no place. */
    static List<String> options(RunningJvm jvm, Path jar) {
        boolean aot = jvm.feature() >= AOT_CACHE_SINCE;
        Optional<Path> file = file(jvm, jar, aot ? ".aot" : ".jsa");
        if (file.isEmpty()) {
            return List.of();
        }
        String archive = file.get().toString();
        if (aot) {
            // a stale cache would be refused quietly at every start: one older than the jar is written again
            return List.of(isFresh(file.get(), jar) ? "-XX:AOTCache=" + archive : "-XX:AOTCacheOutput=" + archive,
                    QUIET_AOT, QUIET);
        }
        if (jvm.feature() >= AUTO_CREATE_SINCE) {
            return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive, QUIET);
        }
        return List.of(isFresh(file.get(), jar) ? "-XX:SharedArchiveFile=" + archive
                : "-XX:ArchiveClassesAtExit=" + archive, QUIET);
    }

    private static Optional<Path> file(RunningJvm jvm, Path jar, String suffix) {
        String jarName = jar.getFileName().toString();
        String name = (jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName) + "-jdk"
                + fileSafe(jvm.vmVersion()) + suffix;
        Path dir = jar.getParent();
        if (dir != null && Files.isWritable(dir)) {
            return Optional.of(dir.resolve(name));
        }
        try {
            Path tmp = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"),
                    "spanvault-cds-" + System.getProperty("user.name")));
            return Files.isWritable(tmp) ? Optional.of(tmp.resolve(name)) : Optional.empty();
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Letters, digits and dots kept, anything else '_' (a loop: a regex costs the launcher ~20 ms of CPU). */
    private static String fileSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean plain = c == '.' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
            safe.append(plain ? c : '_');
        }
        return safe.toString();
    }

    /** JDK 17 and the AOT cache do not rewrite a stale archive themselves: one older than the jar is written again. */
    private static boolean isFresh(Path archive, Path jar) {
        try {
            FileTime archived = Files.getLastModifiedTime(archive);
            return Files.size(archive) > 0 && archived.compareTo(Files.getLastModifiedTime(jar)) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
