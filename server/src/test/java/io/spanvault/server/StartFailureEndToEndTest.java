package io.spanvault.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first-day failures, as the real server process reports them: one line naming the component and what to
 * do, a non-zero exit and no stack trace.
 */
class StartFailureEndToEndTest {
    private static final Duration EXIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aPortInUseIsReportedAgainstItsComponentAndAddressInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int healthPort = free.getLocalPort();
            free.close();
            Path config = Files.writeString(dir.resolve("taken.yaml"), """
                    receivers:
                      otlp:
                        protocols:
                          grpc:
                            endpoint: 127.0.0.1:%d
                    exporters:
                      debug:
                    extensions:
                      health_check:
                        endpoint: 127.0.0.1:%d
                    service:
                      extensions: [health_check]
                      pipelines:
                        traces:
                          receivers: [otlp]
                          exporters: [debug]
                    """.formatted(taken.getLocalPort(), healthPort));
            try (ServerProcess server = ServerProcess.start("--config", config.toString())) {
                assertEquals(1, server.awaitExit(EXIT), server.output());
                String line = server.await(Pattern.compile("ERROR.*Cannot start: .*"), EXIT);
                assertTrue(line.contains("Cannot start: receiver 'otlp': cannot listen on 127.0.0.1:"
                        + taken.getLocalPort() + ": "), line);
                assertTrue(line.contains("another process is listening there"), line);
                assertNoStackTrace(server.output());
            }
        }
    }

    @Test
    void aSecondServerOnTheSameDataDirectorySaysWhatToDo() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path config = Files.writeString(dir.resolve("store.yaml"), """
                receivers:
                  otlp:
                    protocols:
                      http:
                        endpoint: 127.0.0.1:0
                exporters:
                  store:
                    data_dir: %s
                service:
                  pipelines:
                    traces:
                      receivers: [otlp]
                      exporters: [store]
                """.formatted(data));
        // the store's lock, held as a first server holds it
        try (FileChannel channel = FileChannel.open(data.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.lock();
                ServerProcess server = ServerProcess.start(ServerProcess.storeJvmOptions(), Map.of(),
                        "--config", config.toString())) {
            assertEquals(1, server.awaitExit(EXIT), server.output());
            String line = server.await(Pattern.compile("ERROR.*Cannot start: .*"), EXIT);
            assertTrue(line.contains("data directory " + data + " is in use by another process"), line);
            assertTrue(line.contains("stop that server, or give this one another data directory"), line);
            assertFalse(server.output().contains("Invalid config"), server.output());
            assertNoStackTrace(server.output());
        }
    }

    private static void assertNoStackTrace(String output) {
        List<String> trace = output.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by")).toList();
        assertTrue(trace.isEmpty(), output);
    }
}
