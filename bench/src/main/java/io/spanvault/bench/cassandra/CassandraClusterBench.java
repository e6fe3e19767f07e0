package io.spanvault.bench.cassandra;

import io.spanvault.bench.loadgen.GrpcSender;
import io.spanvault.bench.loadgen.RequestTemplate;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.bench.runner.ChildProcess;
import io.spanvault.bench.runner.ProcessStats;
import io.spanvault.cassandra.testkit.CassandraNode;
import io.spanvault.pipeline.config.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 15's node-kill run: a 3-node Cassandra 5 cluster on 127.0.0.1/.2/.3 (the tests' {@link CassandraNode},
 * same ports on each address, seed 127.0.0.1), a keyspace at replication factor 3, two gateways writing at
 * {@code LOCAL_QUORUM} and a {@code --preset query} node. Paced OTLP/gRPC load goes to both gateways; one node
 * gets {@code kill -9} mid-load; afterwards every acknowledged trace is looked up through the query node.
 * Prints acknowledged vs found spans, ingest spans/s and gateway CPU before and after the kill; exits 1 when an
 * acknowledged span is missing. Run it with {@code bench/cassandra-cluster.sh} (flags: see {@link #usage()}).
 */
public final class CassandraClusterBench {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String[] ADDRESSES = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};

    private final Options options;
    private final List<AutoCloseable> running = new ArrayList<>();

    private CassandraClusterBench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + usage());
            System.exit(2);
            return;
        }
        CassandraClusterBench bench = new CassandraClusterBench(options);
        Thread cleanup = new Thread(bench::stopAll, "stop-cluster");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean complete = bench.run();
        bench.stopAll();
        Runtime.getRuntime().removeShutdownHook(cleanup);
        System.exit(complete ? 0 : 1);
    }

    static String usage() {
        return """
                CassandraClusterBench [--before 30s] [--after 30s] [--rate SPANS_PER_S_PER_GATEWAY (100)]
                    [--spans-per-request 50] [--kill 127.0.0.3] [--base-port 26000]
                    [--server-jar server/target/spanvault.jar] [--dir DIR]""";
    }

    private boolean run() throws Exception {
        Files.createDirectories(options.dir);
        int nativePort = options.basePort + 42;
        int storagePort = options.basePort;
        List<CassandraNode> nodes = new ArrayList<>();
        List<String> servers = new ArrayList<>();
        for (String address : ADDRESSES) {
            log("starting Cassandra on " + address + ":" + nativePort);
            CassandraNode node = CassandraNode.start(options.dir.resolve("cassandra-" + address), address, nativePort,
                    storagePort, ADDRESSES[0]);
            running.add(node);
            nodes.add(node);
            servers.add(node.server());
            recordPid(node.process().pid());
            log("  took CQL connections after " + node.startupTime().toSeconds() + " s (pid " + node.process().pid()
                    + ")");
        }
        // the first gateway creates the keyspace (replication factor 3) before anything else connects
        int grpcA = options.basePort + 101;
        int grpcB = options.basePort + 111;
        int queryPort = options.basePort + 686;
        ChildProcess gatewayA = startGateway("a", grpcA, servers);
        ChildProcess gatewayB = startGateway("b", grpcB, servers);
        ChildProcess query = startQueryNode(queryPort, servers);

        SpanShape shape = SpanShape.TRACES10;
        RequestTemplate template = new RequestTemplate(shape.request(options.spansPerRequest,
                System.currentTimeMillis() * 1_000_000L));
        AcknowledgedTraces acknowledged = new AcknowledgedTraces(
                options.spansPerRequest / SpanShape.TESTBED_SPANS_PER_TRACE, SpanShape.TESTBED_SPANS_PER_TRACE);
        AtomicLong sequences = new AtomicLong();
        double requestsPerSecond = options.rate / (double) options.spansPerRequest;
        List<GatewayLoad> loads = List.of(
                load("a", grpcA, template, sequences, requestsPerSecond, acknowledged),
                load("b", grpcB, template, sequences, requestsPerSecond, acknowledged));
        long ticks = ProcessStats.clockTicksPerSecond();
        List<ProcessTreeCpu> gatewayStats = List.of(new ProcessTreeCpu(gatewayA.pid(), ticks),
                new ProcessTreeCpu(gatewayB.pid(), ticks));
        CassandraNode victim = nodes.get(List.of(ADDRESSES).indexOf(options.kill));

        log("load: " + options.rate + " spans/s to each gateway, " + options.spansPerRequest + " spans a request; "
                + options.before.toSeconds() + " s, then kill -9 of " + options.kill + ", then "
                + options.after.toSeconds() + " s");
        List<ProcessTreeCpu> nodeStats = nodes.stream().map(n -> new ProcessTreeCpu(n.process().pid(), ticks))
                .toList();
        double nodeCpuStart = java.util.Arrays.stream(cpu(nodeStats)).sum();
        double[] cpuStart = cpu(gatewayStats);
        List<Thread> senders = new ArrayList<>();
        for (GatewayLoad load : loads) {
            Thread sender = new Thread(load, "load-" + load.name());
            sender.start();
            senders.add(sender);
        }
        long started = System.nanoTime();
        Thread.sleep(options.before.toMillis());
        long ackedBefore = acknowledgedSpans(loads);
        double[] cpuAtKill = cpu(gatewayStats);
        double victimCpu = nodeStats.get(nodes.indexOf(victim)).cpuSeconds();
        long killedAt = System.nanoTime();
        kill9(victim.process().pid());
        log("kill -9 " + victim.process().pid() + " (Cassandra on " + options.kill + ")");
        Thread.sleep(options.after.toMillis());
        loads.forEach(GatewayLoad::stop);
        for (Thread sender : senders) {
            sender.join();
        }
        long stoppedAt = System.nanoTime();
        for (GatewayLoad load : loads) {
            if (!load.awaitAnswers(Duration.ofSeconds(60))) {
                log("gateway " + load.name() + " left requests unanswered after 60 s");
            }
        }
        double[] cpuEnd = cpu(gatewayStats);
        double nodeCpuAtEnd = victimCpu;
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) != victim) {
                nodeCpuAtEnd += nodeStats.get(i).cpuSeconds();
            }
        }
        long ackedAll = acknowledgedSpans(loads);

        Path idsFile = options.dir.resolve("acknowledged-traces.txt");
        acknowledged.write(idsFile);
        List<String> traceIds = acknowledged.traceIds();
        log("looking up " + traceIds.size() + " acknowledged traces through the query node");
        QueryNodeCheck check = new QueryNodeCheck(queryPort);
        long checkStarted = System.nanoTime();
        QueryNodeCheck.Result result = check.check(traceIds, acknowledged.spansPerTrace(), 4);
        double checkSeconds = (System.nanoTime() - checkStarted) / 1e9;

        double beforeSeconds = (killedAt - started) / 1e9;
        double afterSeconds = (stoppedAt - killedAt) / 1e9;
        long ackedAfter = ackedAll - ackedBefore;
        StringBuilder report = new StringBuilder("\n== Cassandra cluster under a node kill ==\n");
        report.append(String.format("cluster: 3 nodes (%s), replication factor 3, write and read LOCAL_QUORUM; "
                + "killed %s with kill -9%n", String.join(", ", ADDRESSES), options.kill));
        report.append(String.format("load average at the end: %s%n", loadAverage()));
        report.append(String.format("spans acknowledged: %d (%d before the kill, %d after)%n", ackedAll, ackedBefore,
                ackedAfter));
        for (GatewayLoad load : loads) {
            report.append(String.format("  gateway %s: %d acknowledged, not acknowledged (spans by status): %s%s%n",
                    load.name(), load.acknowledgedSpans(), load.refusedSpans(),
                    load.firstRefusal() == null ? "" : ", first: " + load.firstRefusal()));
        }
        report.append(String.format("spans found through the query node: %d of %d (%d missing; %d lookups failed)"
                + " in %.1f s%n", result.foundSpans(), result.expectedSpans(), result.missingSpans(),
                result.failures().size(), checkSeconds));
        report.append(String.format("ingest: %.0f spans/s before the kill (%.1f s), %.0f spans/s after (%.1f s)%n",
                ackedBefore / beforeSeconds, beforeSeconds, ackedAfter / afterSeconds, afterSeconds));
        for (int i = 0; i < loads.size(); i++) {
            double before = cpuAtKill[i] - cpuStart[i];
            double after = cpuEnd[i] - cpuAtKill[i];
            report.append(String.format("gateway %s CPU (user+sys, launcher and server JVM): %.2f s before (%.1f%% of a core), %.2f s after"
                    + " (%.1f%% of a core)%n", loads.get(i).name(), before, 100 * before / beforeSeconds, after,
                    100 * after / afterSeconds));
        }
        double gatewayCpu = (cpuEnd[0] - cpuStart[0]) + (cpuEnd[1] - cpuStart[1]);
        report.append(String.format("Cassandra nodes' CPU over the load (user+sys, the killed node up to its kill):"
                + " %.1f s%n", nodeCpuAtEnd - nodeCpuStart));
        report.append(String.format("gateways' CPU per acknowledged span: %.0f us%n",
                ackedAll == 0 ? 0 : gatewayCpu * 1e6 / ackedAll));
        report.append("acknowledged trace ids: ").append(idsFile).append('\n');
        result.shortTraces().stream().limit(10).forEach(t -> report.append("  missing spans: ").append(t).append('\n'));
        result.failures().stream().limit(10).forEach(f -> report.append("  lookup failed: ").append(f).append('\n'));
        boolean complete = ackedAll > 0 && result.missingSpans() == 0 && result.failures().isEmpty();
        report.append(complete ? "OK: every acknowledged span was found\n"
                : "FAILED: acknowledged spans missing (or nothing acknowledged)\n");
        System.out.print(report);
        Files.writeString(options.dir.resolve("report.txt"), report);
        return complete;
    }

    private ChildProcess startGateway(String name, int grpcPort, List<String> servers) throws Exception {
        Path config = Files.writeString(options.dir.resolve("gateway-" + name + ".yaml"), """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 50ms
                exporters:
                  store:
                    backend: main
                extensions:
                  storage:
                    backends:
                      main:
                        cassandra:
                          servers: [%s]
                          keyspace: spanvault_cluster_bench
                          replication: {class: SimpleStrategy, factor: 3}
                          consistency: {write: LOCAL_QUORUM, read: LOCAL_QUORUM}
                          request_timeout: 10s
                service:
                  extensions: [storage]
                  pipelines:
                    traces:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [store]
                  telemetry:
                    metrics:
                      level: none
                """.formatted(grpcPort, String.join(", ", servers)));
        ChildProcess gateway = startServer("gateway-" + name, Map.of(), "--config", config.toString());
        gateway.awaitListening(grpcPort, Duration.ofSeconds(180));
        log("gateway " + name + " takes OTLP/gRPC on 127.0.0.1:" + grpcPort + " (pid " + gateway.pid() + ")");
        return gateway;
    }

    private ChildProcess startQueryNode(int port, List<String> servers) throws Exception {
        Path override = Files.writeString(options.dir.resolve("query-override.yaml"), """
                extensions:
                  health_check:
                    endpoint: 127.0.0.1:%d
                  query:
                    endpoint: 127.0.0.1:%d
                service:
                  telemetry:
                    metrics:
                      level: none
                """.formatted(options.basePort + 133, port));
        ChildProcess query = startServer("query", Map.of("SPANVAULT_CASSANDRA", String.join(",", servers),
                "SPANVAULT_CASSANDRA_KEYSPACE", "spanvault_cluster_bench"),
                "--preset", "query", "--config", override.toString());
        query.awaitListening(port, Duration.ofSeconds(180));
        log("query node serves the API on 127.0.0.1:" + port + " (pid " + query.pid() + ")");
        return query;
    }

    private ChildProcess startServer(String name, Map<String, String> environment, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xms64m", "-Xmx512m", "-jar",
                options.serverJar.toString()));
        command.addAll(List.of(args));
        ChildProcess process = ChildProcess.start(command, environment, options.dir.resolve(name + ".log"));
        running.add(process);
        recordPid(process.pid());
        return process;
    }

    private GatewayLoad load(String name, int port, RequestTemplate template, AtomicLong sequences,
            double requestsPerSecond, AcknowledgedTraces acknowledged) {
        GrpcSender sender = new GrpcSender(new Endpoint("127.0.0.1", port), 2);
        running.add(sender);
        return new GatewayLoad(name, sender, template, sequences, requestsPerSecond, 64, acknowledged);
    }

    /** The pids the script's trap kills should this JVM itself be killed before it stops them. */
    private void recordPid(long pid) throws IOException {
        Files.writeString(options.dir.resolve("pids"), pid + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static void kill9(long pid) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException("kill -9 " + pid + " exited with " + exit);
        }
    }

    private static long acknowledgedSpans(List<GatewayLoad> loads) {
        return loads.stream().mapToLong(GatewayLoad::acknowledgedSpans).sum();
    }

    private static double[] cpu(List<ProcessTreeCpu> stats) throws IOException {
        double[] seconds = new double[stats.size()];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = stats.get(i).cpuSeconds();
        }
        return seconds;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Stops, newest first, everything this run started; safe to call twice. */
    private synchronized void stopAll() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                log("stopping: " + e);
            }
        }
        running.clear();
    }

    private static void log(String line) {
        System.out.println("[cassandra-cluster] " + line);
    }

    private record Options(Duration before, Duration after, int rate, int spansPerRequest, String kill, int basePort,
            Path serverJar, Path dir) {
        static Options parse(String[] args) {
            Duration before = Duration.ofSeconds(30);
            Duration after = Duration.ofSeconds(30);
            int rate = 100;
            int spansPerRequest = 50;
            String kill = ADDRESSES[2];
            int basePort = 26000;
            Path serverJar = Path.of("server/target/spanvault.jar");
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "spanvault-cassandra-cluster-"
                    + System.currentTimeMillis());
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--before" -> before = seconds(args[i], value);
                    case "--after" -> after = seconds(args[i], value);
                    case "--rate" -> rate = Integer.parseInt(value);
                    case "--spans-per-request" -> spansPerRequest = Integer.parseInt(value);
                    case "--kill" -> kill = value;
                    case "--base-port" -> basePort = Integer.parseInt(value);
                    case "--server-jar" -> serverJar = Path.of(value);
                    case "--dir" -> dir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (!List.of(ADDRESSES).contains(kill)) {
                throw new IllegalArgumentException("--kill must be one of " + List.of(ADDRESSES) + ", got " + kill);
            }
            if (spansPerRequest < SpanShape.TESTBED_SPANS_PER_TRACE
                    || spansPerRequest % SpanShape.TESTBED_SPANS_PER_TRACE != 0) {
                throw new IllegalArgumentException("--spans-per-request must be a multiple of "
                        + SpanShape.TESTBED_SPANS_PER_TRACE + ", got " + spansPerRequest);
            }
            if (rate <= 0) {
                throw new IllegalArgumentException("--rate must be positive, got " + rate);
            }
            return new Options(before, after, rate, spansPerRequest, kill, basePort, serverJar, dir);
        }

        private static Duration seconds(String flag, String value) {
            if (!value.matches("\\d+s?")) {
                throw new IllegalArgumentException(flag + " takes seconds, e.g. 30s, got " + value);
            }
            return Duration.ofSeconds(Long.parseLong(value.replace("s", "")));
        }
    }
}
