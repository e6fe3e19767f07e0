package io.spanvault.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The repository's Dockerfile, read as text (no Docker engine needed): it must publish every port the
 * embedded presets listen on, check health on their health_check ports, and keep build output out of the
 * build context.
 */
class DockerfileTest {
    /** A listening endpoint: the host the image sets to 0.0.0.0, then the port. */
    private static final Pattern LISTEN = Pattern.compile("\\$\\{env:SPANVAULT_LISTEN_HOST:-[^}]*}:(\\d+)");
    private static final Path ROOT = Path.of("..");

    @Test
    void everyPortAPresetListensOnIsExposed() throws IOException {
        Set<Integer> listened = new TreeSet<>();
        for (String preset : Presets.names()) {
            Matcher m = LISTEN.matcher(preset(preset));
            while (m.find()) {
                listened.add(Integer.parseInt(m.group(1)));
            }
        }
        assertTrue(listened.containsAll(List.of(4317, 4318, 9411, 16686, 13133, 8888, 8889)), listened.toString());
        assertEquals(listened, exposed());
    }

    @Test
    void theHealthcheckProbesTheHealthCheckPortOfEveryPreset() throws IOException {
        String healthcheck = instruction("HEALTHCHECK");
        for (String preset : Presets.names()) {
            Matcher m = Pattern.compile("health_check:\\s*\\n\\s*endpoint: " + LISTEN.pattern()).matcher(preset(preset));
            assertTrue(m.find(), preset + " has a health_check");
            assertTrue(healthcheck.contains("http://127.0.0.1:" + m.group(1) + "/"), preset + ": " + healthcheck);
        }
    }

    @Test
    void buildOutputAndLocalStateStayOutOfTheBuildContext() throws IOException {
        Set<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toSet());
        assertTrue(ignored.containsAll(List.of("**/target/", ".git/", "data/")), ignored.toString());
    }

    private static Set<Integer> exposed() throws IOException {
        return Arrays.stream(instruction("EXPOSE").substring("EXPOSE".length()).trim().split("\\s+"))
                .map(Integer::parseInt).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The one instruction of that name in the final stage, continuation lines joined. */
    private static String instruction(String name) throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile")).replace("\\\n", " ");
        String finalStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        List<String> found = finalStage.lines().filter(l -> l.startsWith(name + " ")).toList();
        assertEquals(1, found.size(), name + " in the final stage: " + found);
        return found.get(0);
    }

    private static String preset(String name) throws IOException {
        try (InputStream in = Presets.class.getResourceAsStream("/presets/" + name + ".yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
