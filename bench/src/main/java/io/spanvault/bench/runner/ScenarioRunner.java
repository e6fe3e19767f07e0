package io.spanvault.bench.runner;

import io.spanvault.bench.ceiling.CeilingServer;
import io.spanvault.bench.loadgen.LoadGenerator;
import io.spanvault.bench.loadgen.LoadOptions;
import io.spanvault.bench.loadgen.LoadResult;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.GoDuration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Starts the server (or the ceiling service) as its own JVM for each scenario, warms it up, drives the load,
 * and prints one line per scenario with the server's CPU (% of one core and µs per acknowledged span, from
 * {@code /proc/<pid>/stat}), the generator's own CPU per span (this process), resident memory, and what the
 * generator and the server's {@code /metrics} counted. When both ran, a last
 * line gives max-store and max-noop throughput as a ratio of the ceiling.
 */
public final class ScenarioRunner {
    /**
     * Options that keep {@code java -jar} in one JVM: its launcher would otherwise run the server in a child
     * JVM, whose CPU and memory the runner, watching the pid it started, would not see.
     */
    static final List<String> ONE_JVM = List.of("-Dspanvault.relaunch=false", "-XX:+IgnoreUnrecognizedVMOptions",
            "--sun-misc-unsafe-memory-access=allow");

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String SERVER_MAIN = "io.spanvault.server.Main";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /**
     * glibc gives every thread that allocates an arena of its own: tens of MiB of resident memory the JVM
     * barely uses. Two is the usual advice for JVMs in containers, and the Dockerfile sets it as well.
     */
    private static final String MALLOC_ARENAS = "MALLOC_ARENA_MAX";

    /**
     * How to run; {@code serverJar} null runs the server from this JVM's class path, {@code serverJvmOptions}
     * null runs each scenario with its own {@link Scenario.Tuning}, {@code shape} null with its own span shape,
     * {@code warmupRate} null warms up at each scenario's own rate (0: as fast as acknowledged);
     * {@code sideBySide} runs trace10k-grpc and trace10k-ceiling at the same time when both are listed.
     */
    record Options(List<Scenario> scenarios, Duration duration, Duration warmup, Long warmupRate, Path serverJar,
            List<String> serverJvmOptions, SpanShape shape, Path workDir, boolean sideBySide) {

        static final String USAGE = """
                usage: java -cp spanvault-loadgen.jar io.spanvault.bench.runner.ScenarioRunner [options]
                  --scenarios a,b|all   trace10k-grpc, trace10k-http, trace10k-ceiling, ack-grpc-1, ack-grpc-8,
                                        ack-grpc-64, ack-grpc-256, ack-http-1 ... ack-http-256, agent-grpc-1,
                                        agent-grpc-8, agent-http-1, agent-http-8, max-store, max-noop, ceiling
                                        (default all); "ack" is trace10k-grpc, trace10k-ceiling, ack-*, agent-*
                  --duration 30s        measured time per scenario
                  --warmup 10s          load before measuring, over the connections then measured, so the
                                        JIT has compiled the hot paths
                  --warmup-rate max|N   the warm-up's spans per second (default: the scenario's own rate); at
                                        trace10k's 100 requests a second a per-request method reaches C2's
                                        thresholds only after a minute or more, but code compiled at another
                                        rate is compiled again once the rate changes
                  --side-by-side        trace10k-grpc and trace10k-ceiling at the same time, each with its own
                                        generator, so that the ratio of their CPU holds on a machine whose
                                        speed drifts; the client figures are then both generators'
                  --smoke               --duration 2s --warmup 0s, for CI
                  --server-jar path     the server's executable jar (default: this class path)
                  --server-jvm-opts s   JVM options for the server and the ceiling, space separated (default:
                                        trace10k-*: -XX:+UseSerialGC -Xms16m -Xmx256m,
                                        max-*, ceiling: -XX:+UseG1GC -Xms16m -Xmx1g)
                  --shape testbed|testbed_batch|traces10|realistic  span shape for every scenario (default:
                                        trace10k-* testbed_batch, ack-*, agent-* traces10, the others testbed)
                  --work-dir path       configs, data and logs (default: a temp directory)
                """;

        static Options parse(String... args) throws IOException {
            List<Scenario> scenarios = List.of(Scenario.values());
            Duration duration = Duration.ofSeconds(30);
            Duration warmup = Duration.ofSeconds(10);
            Long warmupRate = null;
            Path serverJar = null;
            List<String> jvm = null;
            SpanShape shape = null;
            Path workDir = null;
            boolean sideBySide = false;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--smoke")) {
                    duration = Duration.ofSeconds(2);
                    warmup = Duration.ZERO;
                    continue;
                }
                if (flag.equals("--side-by-side")) {
                    sideBySide = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--scenarios" -> scenarios = Scenario.parseList(value);
                    case "--duration" -> duration = GoDuration.parse(value);
                    case "--warmup" -> warmup = GoDuration.parse(value);
                    case "--warmup-rate" -> warmupRate = warmupRate(value);
                    case "--server-jar" -> serverJar = Path.of(value);
                    case "--server-jvm-opts" -> jvm = Arrays.stream(value.trim().split("\\s+"))
                            .filter(s -> !s.isEmpty()).toList();
                    case "--shape" -> shape = SpanShape.parse(value);
                    case "--work-dir" -> workDir = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (workDir == null) {
                workDir = Files.createTempDirectory("spanvault-bench");
            }
            return new Options(scenarios, duration, warmup, warmupRate, serverJar, jvm, shape, workDir, sideBySide);
        }

        private static long warmupRate(String value) {
            if (value.equals("max")) {
                return 0;
            }
            try {
                long rate = Long.parseLong(value);
                if (rate > 0) {
                    return rate;
                }
            } catch (NumberFormatException e) {
                // answered below with the value named
            }
            throw new IllegalArgumentException("--warmup-rate must be max or a positive number of spans per second, got "
                    + value);
        }
    }

    private final Options options;
    private final PrintStream out;
    private final long clockTicks = ProcessStats.clockTicksPerSecond();
    /** This process: the load generator's CPU, the client's share of a span's cost. */
    private final ProcessStats client = new ProcessStats(ProcessHandle.current().pid(), clockTicks);
    private final HttpClient http = HttpClient.newHttpClient();

    ScenarioRunner(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        new ScenarioRunner(options, System.out).runAll();
    }

    Map<Scenario, ScenarioResult> runAll() throws Exception {
        out.println("# " + machine());
        Map<Scenario, ScenarioResult> results = new EnumMap<>(Scenario.class);
        boolean paired = options.sideBySide() && options.scenarios().contains(Scenario.TRACE10K_GRPC)
                && options.scenarios().contains(Scenario.TRACE10K_CEILING);
        if (paired) {
            out.println("# trace10k-grpc and trace10k-ceiling run side by side: client figures are both generators'");
        }
        for (Scenario scenario : options.scenarios()) {
            if (results.containsKey(scenario)) {
                continue;
            }
            if (paired && (scenario == Scenario.TRACE10K_GRPC || scenario == Scenario.TRACE10K_CEILING)) {
                for (ScenarioResult result : runSideBySide(scenario, scenario == Scenario.TRACE10K_GRPC
                        ? Scenario.TRACE10K_CEILING : Scenario.TRACE10K_GRPC)) {
                    results.put(result.scenario(), result);
                    out.println(result.line());
                }
                continue;
            }
            ScenarioResult result = run(scenario, null);
            results.put(scenario, result);
            out.println(result.line());
        }
        ScenarioResult ceiling = results.get(Scenario.CEILING);
        StringBuilder ratios = new StringBuilder();
        for (Scenario s : List.of(Scenario.MAX_STORE, Scenario.MAX_NOOP, Scenario.MAX_SPANMETRICS)) {
            if (ceiling != null && ceiling.load().spansPerSecond() > 0 && results.containsKey(s)) {
                ratios.append(String.format(Locale.ROOT, " %s=%.2f", s.label(),
                        results.get(s).load().spansPerSecond() / ceiling.load().spansPerSecond()));
            }
        }
        if (ratios.length() > 0) {
            out.println("ratio_to_ceiling" + ratios);
        }
        ScenarioResult trace10k = results.get(Scenario.TRACE10K_GRPC);
        ScenarioResult bare = results.get(Scenario.TRACE10K_CEILING);
        if (trace10k != null && bare != null && bare.serverCpuSeconds() > 0) {
            // issue 14's goal: at most 1.25
            out.println(String.format(Locale.ROOT, "trace10k_cpu_ratio_to_bare_service=%.2f",
                    trace10k.cpuPercentOfCore() / bare.cpuPercentOfCore()));
            // the JIT compilers' share of a short run is a start-up cost that both sides pay differently
            if (bare.serverMicrosPerSpanWithoutJit() > 0) {
                out.println(String.format(Locale.ROOT, "trace10k_cpu_per_span_ratio_to_bare_service_without_jit=%.2f",
                        trace10k.serverMicrosPerSpanWithoutJit() / bare.serverMicrosPerSpanWithoutJit()));
            }
        }
        return results;
    }

    /**
     * Runs both scenarios at once, each on its own server and generator: their loads start together once both
     * servers are up, so their measured windows cover the same seconds.
     */
    private List<ScenarioResult> runSideBySide(Scenario first, Scenario second) throws Exception {
        CyclicBarrier ready = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ScenarioResult> a = pool.submit(() -> runBreakingOnFailure(first, ready));
            Future<ScenarioResult> b = pool.submit(() -> runBreakingOnFailure(second, ready));
            return List.of(result(a), result(b));
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the scenario; if it fails before its load starts, the other side stops waiting for it. */
    private ScenarioResult runBreakingOnFailure(Scenario scenario, CyclicBarrier ready) throws Exception {
        try {
            return run(scenario, ready);
        } catch (Exception e) {
            ready.reset();
            throw e;
        }
    }

    private static ScenarioResult result(Future<ScenarioResult> run) throws Exception {
        try {
            return run.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Runs one scenario; with {@code ready}, its load starts only when the other side's server is up too. */
    ScenarioResult run(Scenario scenario, CyclicBarrier ready) throws Exception {
        Path dir = Files.createDirectories(options.workDir().resolve(scenario.label()));
        int otlpPort = freePort();
        Map<String, String> ports = Map.of(
                "SPANVAULT_BENCH_OTLP_GRPC", "127.0.0.1:" + (scenario.protocol == LoadOptions.Protocol.GRPC
                        ? otlpPort : freePort()),
                "SPANVAULT_BENCH_OTLP_HTTP", "127.0.0.1:" + (scenario.protocol == LoadOptions.Protocol.HTTP
                        ? otlpPort : freePort()),
                "SPANVAULT_BENCH_HEALTH", "127.0.0.1:" + freePort(),
                "SPANVAULT_BENCH_METRICS", "127.0.0.1:" + freePort(),
                "SPANVAULT_BENCH_GATEWAY", "127.0.0.1:" + freePort(),
                "SPANVAULT_BENCH_GATEWAY2", "127.0.0.1:" + freePort(),
                "SPANVAULT_BENCH_DATA", dir.resolve("data").toString());
        Map<String, String> environment = new HashMap<>(ports);
        if (System.getenv(MALLOC_ARENAS) == null) {
            environment.put(MALLOC_ARENAS, "2");
        }
        try (ChildProcess child = ChildProcess.start(command(scenario, dir, otlpPort), environment,
                dir.resolve("out.log"))) {
            child.awaitListening(otlpPort, START_TIMEOUT);
            if (scenario.setup != Scenario.Setup.CEILING) {
                awaitHealthy(Endpoint.parse(ports.get("SPANVAULT_BENCH_HEALTH")), child);
            }
            if (ready != null) {
                ready.await(START_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
            }
            Endpoint target = new Endpoint("127.0.0.1", otlpPort);
            MeasuredWindow window = new MeasuredWindow(new ProcessStats(child.pid(), clockTicks), client,
                    () -> serverAcceptedSpans(scenario, ports), clockTicks);
            LoadResult load = new LoadGenerator(load(scenario, target, options.duration())).run(
                    new LoadGenerator.Warmup(options.warmup(),
                            options.warmupRate() != null ? options.warmupRate() : scenario.rate), window);
            return window.result(scenario, load);
        }
    }

    private LoadOptions load(Scenario scenario, Endpoint target, Duration duration) {
        return new LoadOptions(scenario.protocol, target, scenario.rate, duration, Scenario.SPANS_PER_REQUEST,
                options.shape() != null ? options.shape() : scenario.shape, scenario.concurrency, null, null,
                scenario.compression);
    }

    private List<String> command(Scenario scenario, Path dir, int otlpPort) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(options.serverJvmOptions() != null ? options.serverJvmOptions()
                : scenario.tuning.jvmOptions);
        if (scenario.setup == Scenario.Setup.CEILING) {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), CeilingServer.class.getName(),
                    "--endpoint", "127.0.0.1:" + otlpPort));
            return command;
        }
        command.addAll(chronicleFlags());
        if (options.serverJar() != null) {
            command.addAll(List.of("-jar", options.serverJar().toString()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), SERVER_MAIN));
        }
        Path config = dir.resolve("config.yaml");
        String name = switch (scenario.setup) {
            case STORE -> "store.yaml";
            case AGENT -> "agent.yaml";
            case LOADBALANCING -> "loadbalancing.yaml";
            case FORWARD -> "forward.yaml";
            case SPANMETRICS -> "spanmetrics.yaml";
            default -> "noop.yaml";
        };
        try (InputStream in = ScenarioRunner.class.getResourceAsStream("/scenarios/" + name)) {
            Files.write(config, in.readAllBytes());
        }
        command.addAll(List.of("--config", config.toString()));
        return command;
    }

    /** The flags the server jar's manifest grants, for when it runs from a class path instead. */
    private List<String> chronicleFlags() {
        if (options.serverJar() != null) {
            List<String> flags = new ArrayList<>(List.of("-Dchronicle.analytics.disable=true",
                    "-Dchronicle.announcer.disable=true"));
            flags.addAll(ONE_JVM);
            return flags;
        }
        return List.of("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "-XX:+IgnoreUnrecognizedVMOptions",
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true");
    }

    /** Waits for the health_check extension to answer 200: every component has started. */
    private void awaitHealthy(Endpoint health, ChildProcess child) throws Exception {
        child.awaitListening(health.port(), START_TIMEOUT);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        URI uri = URI.create("http://" + health + "/");
        while (System.nanoTime() < deadline) {
            if (http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IOException("server did not become healthy; output:\n" + child.tail());
    }

    /**
     * {@code otelcol_receiver_accepted_spans_total} summed over the series of the receiver the load goes to
     * (the agent setup has a second), or -1 for the ceiling.
     */
    private long serverAcceptedSpans(Scenario scenario, Map<String, String> ports) throws Exception {
        if (scenario.setup == Scenario.Setup.CEILING) {
            return -1;
        }
        String text = http.send(HttpRequest.newBuilder(URI.create("http://" + ports.get("SPANVAULT_BENCH_METRICS")
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        return sumSeries(text, "otelcol_receiver_accepted_spans_total", "receiver=\"otlp\"");
    }

    static long sumSeries(String exposition, String name) {
        return sumSeries(exposition, name, "");
    }

    /** The sum of the series of {@code name} whose line contains {@code label}. */
    static long sumSeries(String exposition, String name, String label) {
        double sum = 0;
        for (String line : exposition.split("\n")) {
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(label)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The machine, and how busy it is: figures from a shared machine are only comparable within one run. */
    private static String machine() throws IOException {
        String cpu = "unknown cpu";
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            cpu = Files.readAllLines(cpuinfo).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        }
        Path loadavg = Path.of("/proc/loadavg");
        String load = Files.isReadable(loadavg) ? Files.readString(loadavg).trim() : "unknown";
        return String.format(Locale.ROOT, "machine: %s, %d cores, java %s, loadavg %s", cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load);
    }
}
