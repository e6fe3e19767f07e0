package io.spanvault.kafka.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Assumptions;

/**
 * A real single-node Kafka 4 broker in KRaft mode (broker and controller in one process), run from the
 * {@code org.apache.kafka:kafka_2.13} artifact on the test class path in a child JVM on free loopback ports.
 * Start one per test class: it takes a few seconds. If it cannot start within the bounded wait the test class
 * is skipped with one line saying why.
 */
public final class KafkaBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Process process;
    private final String bootstrap;

    private KafkaBroker(Path dir, Process process, String bootstrap) {
        this.dir = dir;
        this.process = process;
        this.bootstrap = bootstrap;
    }

    /** Starts a broker, or aborts the calling test class (JUnit assumption) when none can be started. */
    public static KafkaBroker startOrSkip() throws IOException, InterruptedException {
        try {
            return start();
        } catch (BrokerStartException e) {
            Assumptions.abort("Kafka broker skipped: " + e.getMessage());
            throw e;
        }
    }

    /** Why no broker could be started (the log file says more). */
    public static final class BrokerStartException extends IOException {
        BrokerStartException(String message) {
            super(message);
        }
    }

    /** Starts a broker; fails with {@link BrokerStartException} when it cannot within the bounded wait. */
    public static KafkaBroker start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("spanvault-kafka-broker");
        int port = freePort();
        int controllerPort = freePort();
        Path config = dir.resolve("server.properties");
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dir.resolve("data").toString());
        props.put("num.partitions", "3");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "3");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        try (var out = Files.newOutputStream(config)) {
            props.store(out, "single-node KRaft broker for Spanvault's tests");
        }
        Path log = dir.resolve("broker.log");
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        Process format = java(dir, log, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString());
        if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new BrokerStartException("formatting its storage failed; see " + log);
        }
        Process broker = java(dir, log, "kafka.Kafka", config.toString());
        KafkaBroker started = new KafkaBroker(dir, broker, "127.0.0.1:" + port);
        if (!started.awaitReady()) {
            String why = "it did not answer within " + START_TIMEOUT + "; see " + log;
            started.process.destroyForcibly();
            throw new BrokerStartException(why);
        }
        return started;
    }

    private static Process java(Path dir, Path log, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true",
                "-cp", absoluteClassPath(), mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The child runs in the broker's directory, so a relative class path (java -cp x.jar) must be made absolute. */
    private static String absoluteClassPath() {
        StringBuilder path = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (path.length() > 0) {
                path.append(java.io.File.pathSeparatorChar);
            }
            path.append(Path.of(entry).toAbsolutePath());
        }
        return path.toString();
    }

    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                    | org.apache.kafka.common.KafkaException e) {
                Thread.sleep(250);
            }
        }
        return false;
    }

    /** The broker process, e.g. to read its CPU time. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** host:port to bootstrap from. */
    public String bootstrap() {
        return bootstrap;
    }

    public Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", 3000,
                "default.api.timeout.ms", 5000));
    }

    /** A topic with a fresh name and {@code partitions} partitions. */
    public String createTopic(String prefix, int partitions) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
