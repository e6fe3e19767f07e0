package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spanvault.config.Presets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int run(String... args) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageAndPresets() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage: spanvault [run] [--config FILE]... [--preset NAME]"), out());
        assertTrue(out().contains("all-in-one"), out());
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out().matches("spanvault \\d+\\.\\d+\\.\\d+.*\\R"), out());
    }

    @Test
    void unknownArgumentsAreAUsageError() {
        assertEquals(2, run("--confgi", "x.yaml"));
        assertTrue(err().startsWith("spanvault: unknown argument '--confgi'"), err());
        assertEquals(2, run("validate", "--config"));
        assertTrue(err().contains("--config needs a value"), err());
    }

    @Test
    void validateBuildsTheGraphWithoutOpeningAnyStore() throws Exception {
        Path data = dir.resolve("never-created");
        Path config = Files.writeString(dir.resolve("storage.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:0
                exporters:
                  store:
                    backend: main
                extensions:
                  storage:
                    backends:
                      main:
                        chronicle:
                          data_dir: %s
                  query:
                    endpoint: 127.0.0.1:0
                    storage: main
                service:
                  extensions: [storage, query]
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [store]
                """.formatted(data));

        assertEquals(0, run("validate", "--config", config.toString()), err());
        assertFalse(Files.exists(data), "validate opened the store");
    }

    @Test
    void validatePrintsEveryProblemNamingFileAndKeyAndFails() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                processors:
                  batch:
                    send_batch_sise: 100
                exporters:
                  debug:
                    verbosity: loud
                service:
                  pipelines:
                    traces:
                      receivers: [debug]
                      processors: [batch]
                      exporters: [debug]
                """);
        assertEquals(1, run("validate", "--config", bad.toString()));
        assertTrue(err().contains("error: " + bad + ": processors.batch.send_batch_sise: unknown key 'send_batch_sise'"
                + " (known: flush_when_idle, send_batch_max_size, send_batch_size, timeout)"), err());
        assertTrue(err().contains("error: " + bad + ": exporters.debug.verbosity: 'loud' is not one of basic, normal, detailed"),
                err());
        assertTrue(err().contains("error: " + bad + ": service.pipelines.traces.receivers: references receiver 'debug',"
                + " which is not defined under receivers or connectors"), err());
        assertTrue(err().contains("3 errors in the config."), err());
    }

    @Test
    void missingConfigFileIsReported() {
        Path missing = dir.resolve("nope.yaml");
        assertEquals(1, run("validate", "--config=" + missing));
        assertTrue(err().contains("error: " + missing + ": file not found"), err());
    }

    @Test
    void everyEmbeddedPresetIsValidWithTheInstalledComponents() {
        for (String preset : Presets.names()) {
            assertEquals(0, run("validate", "--preset", preset), preset + ": " + err());
            assertTrue(out().contains("The config is valid"), out());
        }
        assertTrue(Presets.names().containsAll(List.of("all-in-one", "agent", "gateway")), Presets.names().toString());
    }

    @Test
    void filesMergeOverAPreset() throws Exception {
        Path override = Files.writeString(dir.resolve("override.yaml"), """
                processors:
                  batch:
                    send_batch_size: -1
                """);
        assertEquals(1, run("validate", "--preset", "all-in-one", "--config", override.toString()));
        assertTrue(err().contains("error: " + override + ": processors.batch.send_batch_size: must not be negative"), err());
    }

    @Test
    void unknownPresetIsReported() {
        assertEquals(1, run("validate", "--preset", "nonesuch"));
        assertTrue(err().contains("error: preset nonesuch: no such preset (known: agent, all-in-one, gateway, query)"), err());
    }
}
