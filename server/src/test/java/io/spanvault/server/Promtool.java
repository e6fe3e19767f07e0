package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own parser of the text format, {@code promtool check metrics}: exit 0 is clean, 3 means only
 * lint remarks (e.g. a family without help), 1 a parse error. Tests skip when promtool is not installed.
 */
final class Promtool {
    private Promtool() {
    }

    static void assumeInstalled() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= new File(dir, "promtool").canExecute();
        }
        Assumptions.assumeTrue(found, "promtool is not installed (apt-get install prometheus); skipping the Prometheus parser check");
    }

    /** Fails unless Prometheus' parser reads {@code exposition} without a parse error. */
    static void assertParses(String exposition) throws IOException, InterruptedException {
        assumeInstalled();
        Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        int exit = process.exitValue();
        assertTrue((exit == 0 || exit == 3) && !output.contains("error"), "promtool exit " + exit + ": " + output
                + "\nfor:\n" + exposition);
    }
}
