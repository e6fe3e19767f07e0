package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server starts and stores spans without a single JVM warning on the build's JDK (17) and on JDK 25, where
 * Chronicle Map's use of {@code sun.misc.Unsafe} would warn unless the launcher starts the server in a child
 * JVM allowed it. The launcher's child stops with it: on SIGTERM (exit code passed on) and on {@code kill -9}.
 */
class JdkStartEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final Pattern WARNING = Pattern.compile("(?m)^WARNING|\\[warning\\]");
    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at |Exception|Error:");

    @TempDir
    Path dir;

    @Test
    void startsCleanAndStoresOnTheBuildJdk() throws Exception {
        try (ServerProcess server = ServerProcess.start(jvmOptionsWithoutUnsafeFlag(), Map.of(), args())) {
            storeAndReadASpan(server);
            assertFalse(WARNING.matcher(server.output()).find(), server.output());
            assertEquals(143, server.terminate(WAIT), server.output());
        }
    }

    @Test
    void startsCleanAndStoresOnJdk25ThroughTheLauncherWhichStopsItsChildOnSigterm() throws Exception {
        try (ServerProcess server = startOnJdk25()) {
            storeAndReadASpan(server);
            assertFalse(WARNING.matcher(server.output()).find(), server.output());
            List<ProcessHandle> children = server.handle().children().toList();
            assertEquals(1, children.size(), "one child JVM runs the server");
            assertEquals(143, server.terminate(WAIT), server.output());
            assertFalse(children.get(0).isAlive(), "the child exited before the launcher");
            assertTrue(server.output().contains("Shutdown complete"), server.output());
        }
    }

    @Test
    void theChildStopsWhenItsLauncherIsKilled() throws Exception {
        try (ServerProcess server = startOnJdk25()) {
            server.await(Pattern.compile("Everything is ready"), WAIT);
            ProcessHandle child = server.handle().children().findFirst().orElseThrow();
            server.kill(WAIT);
            child.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertFalse(child.isAlive());
        }
    }

    /**
     * SIGTERM right after "ready", while the store may still be creating its first partition in the background:
     * the server stops cleanly, without a stack trace, and the next start opens the same data directory.
     */
    @Test
    void sigtermRightAfterReadyStopsCleanlyAndTheStoreOpensAgain() throws Exception {
        String[] args = args();
        for (int start = 1; start <= 2; start++) {
            try (ServerProcess server = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(), args)) {
                server.await(Pattern.compile("Everything is ready"), WAIT);
                assertEquals(143, server.terminate(WAIT), server.output());
                server.awaitExit(WAIT);
                String output = server.output();
                assertFalse(STACK_TRACE.matcher(output).find(), "start " + start + ":\n" + output);
                assertTrue(output.contains("Shutdown complete"), "start " + start + ":\n" + output);
            }
        }
    }

    private ServerProcess startOnJdk25() throws Exception {
        assumeTrue(Files.isExecutable(JDK_25), "JDK 25 not at " + JDK_25 + ": the JDK 25 start-up test skips");
        List<String> options = new java.util.ArrayList<>(jvmOptionsWithoutUnsafeFlag());
        options.add("-Dspanvault.relaunch=true");
        return ServerProcess.start(JDK_25, options, Map.of(), args());
    }

    /** The store's flags as the jar's manifest gives them, without the one only a launcher can add. */
    private static List<String> jvmOptionsWithoutUnsafeFlag() {
        return ServerProcess.storeJvmOptions().stream().filter(o -> !o.startsWith("--sun-misc")).toList();
    }

    private String[] args() throws Exception {
        Path config = Files.writeString(dir.resolve("store.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                exporters:
                  store:
                    data_dir: %s
                extensions:
                  query:
                    endpoint: 127.0.0.1:0
                    storage: store
                service:
                  extensions: [query]
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [store]
                  telemetry:
                    metrics:
                      level: none
                """.formatted(dir.resolve("data")));
        return new String[] {"run", "--config", config.toString()};
    }

    private static void storeAndReadASpan(ServerProcess server) throws Exception {
        int httpPort = Integer.parseInt(server.await(Pattern.compile("listens for OTLP/HTTP on [^ ]*:(\\d+)"), WAIT));
        int queryPort = Integer.parseInt(server.await(Pattern.compile("listening on http://[^ ]*:(\\d+)/"), WAIT));
        server.await(Pattern.compile("Everything is ready"), WAIT);
        byte[] id = new byte[16];
        ThreadLocalRandom.current().nextBytes(id);
        String traceId = HexFormat.of().formatHex(id);
        long now = System.currentTimeMillis() * 1_000_000L;
        String body = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"jdk"}}]},
                "scopeSpans":[{"spans":[{"traceId":"%s","spanId":"0102030405060708","name":"start","kind":2,
                "startTimeUnixNano":"%d","endTimeUnixNano":"%d"}]}]}]}""".formatted(traceId, now, now + 1_000_000);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> sent = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/v1/traces"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sent.statusCode(), sent.body());
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + queryPort
                + "/api/traces/" + traceId)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, read.statusCode(), read.body());
        assertTrue(read.body().contains(traceId), read.body());
    }
}
