package io.spanvault.storage.chronicle;

import io.spanvault.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks that the JVM grants Chronicle Map the access to JDK internals it needs. Without it Chronicle fails
 * deep inside its first map creation, on a background thread or mid-write; checking when the store opens
 * turns that into one clear start-up error that names the missing flags.
 */
final class ChronicleJvmAccess {
    private static final String[][] OPENS = {
        {"java.base", "java.lang"},
        {"java.base", "java.lang.reflect"},
    };
    private static final String[][] EXPORTS = {
        {"java.base", "sun.nio.ch"},
        {"java.base", "jdk.internal.ref"},
        {"jdk.compiler", "com.sun.tools.javac.file"},
    };

    private ChronicleJvmAccess() {
    }

    /** Throws a {@link StorageException} listing every flag the running JVM lacks. */
    static void require() {
        Module us = ChronicleJvmAccess.class.getModule();
        List<String> missing = new ArrayList<>();
        for (String[] open : OPENS) {
            Optional<Module> module = ModuleLayer.boot().findModule(open[0]);
            if (module.isEmpty() || !module.get().isOpen(open[1], us)) {
                missing.add("--add-opens=" + open[0] + "/" + open[1] + "=ALL-UNNAMED");
            }
        }
        for (String[] export : EXPORTS) {
            Optional<Module> module = ModuleLayer.boot().findModule(export[0]);
            if (module.isEmpty()) {
                missing.add("module " + export[0] + " (the runtime must be a JDK, not a JRE)");
            } else if (!module.get().isExported(export[1], us)) {
                missing.add("--add-exports=" + export[0] + "/" + export[1] + "=ALL-UNNAMED");
            }
        }
        if (!missing.isEmpty()) {
            throw new StorageException("the store needs JVM flags this JVM was started without: "
                    + String.join(" ", missing) + " (java -jar spanvault.jar sets them from its manifest)");
        }
    }
}
