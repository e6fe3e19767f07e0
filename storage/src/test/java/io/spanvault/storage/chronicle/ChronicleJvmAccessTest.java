package io.spanvault.storage.chronicle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChronicleJvmAccessTest {

    @Test
    void passesWithTheFlagsTheBuildGivesTests() {
        ChronicleJvmAccess.require();
    }

    /** A JVM started without the flags gets an error naming them instead of a store that hangs later. */
    @Test
    void namesTheMissingFlagsInAJvmStartedWithoutThem() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                MissingFlagsProbe.class.getName())).redirectErrorStream(true).start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the probe JVM did not finish");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, child.exitValue(), output);
        assertTrue(output.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), output);
        assertTrue(output.contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"), output);
    }
}
