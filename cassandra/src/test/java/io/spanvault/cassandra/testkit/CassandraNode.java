package io.spanvault.cassandra.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Apache Cassandra 5 node ({@code org.apache.cassandra.service.CassandraDaemon} from cassandra-all) in a
 * child JVM, with a cassandra.yaml generated in a temporary directory: loopback address, free native and
 * storage ports, small memtables, periodic commit log, no remote JMX. Its class path comes from
 * {@code spanvault-cassandra-testserver} (Cassandra's own dependency versions, never on ours).
 * <p>
 * A node takes about a minute to start on a busy 2-core machine, so tests share one per JVM ({@link #shared()}),
 * stopped by a shutdown hook. When it cannot start within {@link #START_TIMEOUT} the tests that need it are
 * skipped with one line saying why (and later ones skip at once instead of trying again).
 */
public final class CassandraNode implements AutoCloseable {
    public static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String CLASS_PATH = "/io/spanvault/cassandra/testserver/classpath.txt";

    private static CassandraNode shared;
    private static String sharedFailure;

    private final Path dir;
    private final Process process;
    private final String address;
    private final int nativePort;
    private final long startedInMillis;

    private CassandraNode(Path dir, Process process, String address, int nativePort, long startedInMillis) {
        this.dir = dir;
        this.process = process;
        this.address = address;
        this.nativePort = nativePort;
        this.startedInMillis = startedInMillis;
    }

    /** The node every test of this JVM shares, started on first use; aborts the caller when none can start. */
    public static synchronized CassandraNode shared() {
        if (shared == null && sharedFailure == null) {
            try {
                shared = start(Files.createTempDirectory("spanvault-cassandra"), "127.0.0.1", freePort(),
                        freePort(), "127.0.0.1");
                CassandraNode node = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(node::close, "stop-cassandra"));
            } catch (IOException e) {
                sharedFailure = e.getMessage();
            }
        }
        Assumptions.assumeTrue(sharedFailure == null, () -> "Cassandra skipped: " + sharedFailure);
        return shared;
    }

    /**
     * Starts a node listening on {@code address} (a loopback address: 127.0.0.1, .2, .3 for a cluster on one
     * machine) and waits until it takes CQL connections.
     */
    public static CassandraNode start(Path dir, String address, int nativePort, int storagePort, String seeds)
            throws IOException {
        Files.createDirectories(dir);
        Path yaml = dir.resolve("cassandra.yaml");
        Files.writeString(yaml, yaml(dir, address, nativePort, storagePort, seeds));
        Path logback = dir.resolve("logback.xml");
        Files.writeString(logback, "<configuration><appender name=\"file\" class=\"ch.qos.logback.core.FileAppender\">"
                + "<file>" + dir.resolve("system.log") + "</file><encoder><pattern>%d %level [%thread] %logger{20}"
                + " %msg%n</pattern></encoder></appender><root level=\"INFO\"><appender-ref ref=\"file\"/></root>"
                + "</configuration>");
        List<String> command = new ArrayList<>(List.of(java(), "-Xms384m", "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:+IgnoreUnrecognizedVMOptions", "-Djava.net.preferIPv4Stack=true",
                "-Dcassandra.config=" + yaml.toUri(), "-Dcassandra.storagedir=" + dir.resolve("data"),
                "-Dlogback.configurationFile=" + logback, "-Dcassandra-foreground=yes",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=1000",
                "-Dcassandra.superuser_setup_delay_ms=0", "-Dcassandra.consistent.rangemovement=false",
                "-Dio.netty.tryReflectionSetAccessible=true"));
        command.addAll(jpmsFlags());
        command.addAll(List.of("-cp", classPath(), "org.apache.cassandra.service.CassandraDaemon"));
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        CassandraNode node = new CassandraNode(dir, process, address, nativePort, 0);
        if (!node.awaitListening(started + START_TIMEOUT.toNanos())) {
            String why = process.isAlive() ? "it did not take CQL connections within " + START_TIMEOUT
                    : "it exited with " + process.exitValue();
            node.close();
            throw new IOException(why + "; see " + dir.resolve("system.log") + " (kept)");
        }
        return new CassandraNode(dir, process, address, nativePort,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    private static String yaml(Path dir, String address, int nativePort, int storagePort, String seeds) {
        Path data = dir.resolve("data");
        return String.join("\n",
                "cluster_name: spanvault-test",
                "num_tokens: 4",
                "allocate_tokens_for_local_replication_factor: 1",
                "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "commitlog_directory: " + data.resolve("commitlog"),
                "data_file_directories: [" + data.resolve("data") + "]",
                "saved_caches_directory: " + data.resolve("saved_caches"),
                "hints_directory: " + data.resolve("hints"),
                "cdc_raw_directory: " + data.resolve("cdc_raw"),
                "commitlog_sync: periodic",
                "commitlog_sync_period: 10000ms",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + seeds + "\"",
                "listen_address: " + address,
                "rpc_address: " + address,
                "storage_port: " + storagePort,
                "native_transport_port: " + nativePort,
                "start_native_transport: true",
                "endpoint_snitch: SimpleSnitch",
                "memtable_heap_space: 48MiB",
                "memtable_offheap_space: 48MiB",
                "key_cache_size: 8MiB",
                "concurrent_reads: 4",
                "concurrent_writes: 8",
                "concurrent_counter_writes: 4",
                "concurrent_compactors: 1",
                "auto_snapshot: false",
                "batch_size_warn_threshold: 64KiB",
                "hinted_handoff_enabled: true",
                "") + "\n";
    }

    /** The JDK-internal packages Cassandra 5 opens on JDK 17 (its conf/jvm17-server.options). */
    private static List<String> jpmsFlags() {
        List<String> flags = new ArrayList<>(List.of("-Djdk.attach.allowAttachSelf=true"));
        for (String export : List.of("java.base/jdk.internal.misc", "java.management.rmi/com.sun.jmx.remote.internal.rmi",
                "java.rmi/sun.rmi.registry", "java.rmi/sun.rmi.server", "java.sql/java.sql", "java.base/java.lang.ref",
                "jdk.unsupported/sun.misc", "jdk.compiler/com.sun.tools.javac.file", "jdk.attach/sun.tools.attach")) {
            flags.add("--add-exports=" + export + "=ALL-UNNAMED");
        }
        for (String open : List.of("java.base/java.lang.module", "java.base/jdk.internal.loader",
                "java.base/jdk.internal.ref", "java.base/jdk.internal.reflect", "java.base/jdk.internal.math",
                "java.base/jdk.internal.module", "java.base/jdk.internal.util.jar",
                "jdk.management/com.sun.management.internal", "java.base/sun.nio.ch", "java.base/java.io",
                "java.base/java.lang.reflect", "jdk.compiler/com.sun.tools.javac", "java.base/java.lang",
                "java.base/java.util")) {
            flags.add("--add-opens=" + open + "=ALL-UNNAMED");
        }
        return flags;
    }

    /** Cassandra 5.0 runs on JDK 11 and 17: this JVM's java when it is one of those, else an installed 17. */
    private static String java() {
        int feature = Runtime.version().feature();
        if (feature == 11 || feature == 17) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
        String fromEnv = System.getenv("CASSANDRA_JAVA_HOME");
        if (fromEnv != null && Files.isExecutable(Path.of(fromEnv, "bin", "java"))) {
            return Path.of(fromEnv, "bin", "java").toString();
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(p -> p.getFileName().toString().contains("17"))
                    .map(p -> p.resolve("bin").resolve("java")).filter(Files::isExecutable).findFirst()
                    .map(Path::toString)
                    .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        } catch (IOException e) {
            return Path.of(System.getProperty("java.home"), "bin", "java").toString();
        }
    }

    private static String classPath() throws IOException {
        try (InputStream in = CassandraNode.class.getResourceAsStream(CLASS_PATH)) {
            if (in == null) {
                throw new IOException(CLASS_PATH + " is not on the test class path (add spanvault-cassandra-testserver"
                        + " as a test dependency)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    private boolean awaitListening(long deadlineNanos) {
        while (System.nanoTime() < deadlineNanos && process.isAlive()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, nativePort), 500);
                return true;
            } catch (IOException e) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** {@code host:port} of the native protocol, for a backend's {@code servers}. */
    public String server() {
        return address + ":" + nativePort;
    }

    /** The node's process, e.g. to kill it or read its CPU time. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** How long the node took to take CQL connections. */
    public Duration startupTime() {
        return Duration.ofMillis(startedInMillis);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (startedInMillis > 0) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // a temporary directory left behind
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
