package io.spanvault.bench.runner;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.spanvault.bench.loadgen.LoadGenerator;
import io.spanvault.bench.loadgen.LoadOptions;
import io.spanvault.bench.loadgen.LoadResult;
import io.spanvault.bench.loadgen.SpanShape;
import io.spanvault.pipeline.config.Endpoint;
import io.spanvault.pipeline.config.GoDuration;
import io.spanvault.pipeline.testkit.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What authentication and TLS cost per request on the OTLP receivers. One server (receiver → batch → debug)
 * has a receiver per variant — plain, {@code bearertokenauth}, {@code basicauth} (a bcrypt htpasswd file),
 * TLS, TLS with a bearer token — each on gRPC and HTTP. The load generator drives them in interleaved rounds
 * (each round runs every variant, starting one later than the round before), so a machine that gets busier
 * or quieter during the run shifts all variants alike. Each run measures the server's CPU (user + system from
 * {@code /proc}) per acknowledged request, which the machine's load barely changes, and requests/s, which it
 * does. Per variant the median over rounds is printed, with the median of its per-round difference from
 * plain on the same protocol and round.
 *
 * <pre>java -cp spanvault-loadgen.jar io.spanvault.bench.runner.AuthTlsCostRun --server-jar server/target/spanvault.jar
 *     [--warmup-rounds 5] [--rounds 5] [--run 5s] [--warmup 3s] [--concurrency 8] [--spans-per-request 10]
 *     [--work-dir DIR]</pre>
 */
public final class AuthTlsCostRun {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final List<String> JVM = List.of("-XX:+UseG1GC", "-Xms64m", "-Xmx512m");
    private static final String TOKEN = "bench-token-0123456789abcdef";
    private static final String USER = "bench";
    private static final String PASSWORD = "bench-password";

    /** One receiver: how a client must speak to it. */
    private enum Variant {
        PLAIN(null, false), BEARER("bearertokenauth", false), BASIC("basicauth", false), TLS(null, true),
        TLS_BEARER("bearertokenauth", true);

        final String authenticator;
        final boolean tls;

        Variant(String authenticator, boolean tls) {
            this.authenticator = authenticator;
            this.tls = tls;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        String authorization() {
            if ("bearertokenauth".equals(authenticator)) {
                return "Bearer " + TOKEN;
            }
            return "basicauth".equals(authenticator) ? "Basic " + Base64.getEncoder().encodeToString(
                    (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)) : null;
        }
    }

    private record Target(Variant variant, LoadOptions.Protocol protocol, int port) {
        String name() {
            return protocol.name().toLowerCase(Locale.ROOT) + "/" + variant.id();
        }
    }

    private record Sample(double requestsPerSecond, double cpuMicrosPerRequest, String errors) {
    }

    private AuthTlsCostRun() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int warmupRounds = 5;
        Duration run = Duration.ofSeconds(5);
        Duration warmup = Duration.ofSeconds(3);
        int concurrency = 8;
        int spansPerRequest = 10;
        Path serverJar = Path.of("server/target/spanvault.jar");
        Path workDir = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--warmup-rounds" -> warmupRounds = Integer.parseInt(args[i + 1]);
                case "--run" -> run = GoDuration.parse(args[i + 1]);
                case "--warmup" -> warmup = GoDuration.parse(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--spans-per-request" -> spansPerRequest = Integer.parseInt(args[i + 1]);
                case "--server-jar" -> serverJar = Path.of(args[i + 1]);
                case "--work-dir" -> workDir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("spanvault-authtls");
        new AuthTlsCostRun().run(serverJar, dir, warmupRounds, rounds, run, warmup, concurrency, spansPerRequest);
    }

    private void run(Path serverJar, Path dir, int warmupRounds, int rounds, Duration run, Duration warmup,
            int concurrency, int spansPerRequest) throws Exception {
        TestCertificates certs = TestCertificates.generate(Files.createDirectories(dir.resolve("certs")));
        Path htpasswd = Files.writeString(dir.resolve("htpasswd"), USER + ":"
                + BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(10, PASSWORD.toCharArray()) + "\n");
        List<Target> targets = new ArrayList<>();
        for (LoadOptions.Protocol protocol : List.of(LoadOptions.Protocol.GRPC, LoadOptions.Protocol.HTTP)) {
            for (Variant variant : Variant.values()) {
                targets.add(new Target(variant, protocol, ScenarioRunner.freePort()));
            }
        }
        Path config = Files.writeString(dir.resolve("auth-tls.yaml"), config(targets, certs, htpasswd));
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(JVM);
        command.addAll(ScenarioRunner.ONE_JVM);
        command.addAll(List.of("-jar", serverJar.toString(), "--config", config.toString()));
        Map<Target, List<Sample>> samples = new LinkedHashMap<>();
        try (ChildProcess server = ChildProcess.start(command, Map.of("MALLOC_ARENA_MAX", "2"),
                dir.resolve("out.log"))) {
            for (Target target : targets) {
                server.awaitListening(target.port, Duration.ofSeconds(60));
                samples.put(target, new ArrayList<>());
            }
            ProcessStats stats = new ProcessStats(server.pid(), ProcessStats.clockTicksPerSecond());
            for (Target target : targets) {
                measure(stats, target, warmup, concurrency, spansPerRequest, certs);
            }
            // the JIT takes thousands of requests to settle; rounds before that are run alike but not counted
            for (int round = 0; round < warmupRounds + rounds; round++) {
                boolean counted = round >= warmupRounds;
                for (int i = 0; i < targets.size(); i++) {
                    Target target = targets.get((i + round) % targets.size());
                    Sample sample = measure(stats, target, run, concurrency, spansPerRequest, certs);
                    if (counted) {
                        samples.get(target).add(sample);
                    }
                    System.out.printf(Locale.ROOT, "%s %d %-15s requests_per_s=%.0f cpu_us_per_request=%.1f"
                            + " errors=%s%n", counted ? "round" : "warmup-round", round + 1, target.name(),
                            sample.requestsPerSecond, sample.cpuMicrosPerRequest, sample.errors);
                }
            }
        }
        System.out.printf(Locale.ROOT, "auth-tls warmup_rounds=%d rounds=%d run=%s concurrency=%d spans_per_request=%d"
                + " %s%n", warmupRounds, rounds, GoDuration.format(run), concurrency, spansPerRequest, loadAverage());
        Map<LoadOptions.Protocol, List<Sample>> plainOf = new LinkedHashMap<>();
        samples.forEach((target, own) -> {
            if (target.variant == Variant.PLAIN) {
                plainOf.put(target.protocol, own);
            }
        });
        for (Map.Entry<Target, List<Sample>> entry : samples.entrySet()) {
            Target target = entry.getKey();
            List<Sample> own = entry.getValue();
            List<Sample> plain = plainOf.get(target.protocol);
            double[] cpu = own.stream().mapToDouble(Sample::cpuMicrosPerRequest).toArray();
            double[] extra = new double[own.size()];
            for (int i = 0; i < own.size(); i++) {
                extra[i] = own.get(i).cpuMicrosPerRequest - plain.get(i).cpuMicrosPerRequest;
            }
            System.out.printf(Locale.ROOT, "auth-tls %-15s requests_per_s=%.0f cpu_us_per_request=%.1f"
                    + " (min %.1f max %.1f) vs_plain_us=%+.1f%n", target.name(),
                    median(own.stream().mapToDouble(Sample::requestsPerSecond).toArray()), median(cpu),
                    Arrays.stream(cpu).min().orElse(0), Arrays.stream(cpu).max().orElse(0), median(extra));
        }
    }

    private static Sample measure(ProcessStats stats, Target target, Duration duration, int concurrency,
            int spansPerRequest, TestCertificates certs) throws Exception {
        LoadOptions options = new LoadOptions(target.protocol, new Endpoint("127.0.0.1", target.port), 0, duration,
                spansPerRequest, SpanShape.TESTBED, concurrency, target.variant.authorization(),
                target.variant.tls ? certs.serverCert.toString() : null);
        double before = stats.cpuSeconds();
        LoadResult result = new LoadGenerator(options).run();
        double cpu = stats.cpuSeconds() - before;
        long acked = result.ackedSpans() / spansPerRequest;
        String errors = result.refusals().isEmpty() ? "none" : result.refusals().toString().replace(' ', '_');
        return new Sample(acked / result.seconds(), acked == 0 ? Double.NaN : cpu * 1e6 / acked, errors);
    }

    private static String config(List<Target> targets, TestCertificates certs, Path htpasswd) {
        StringBuilder receivers = new StringBuilder();
        List<String> ids = new ArrayList<>();
        for (Variant variant : Variant.values()) {
            String id = "otlp/" + variant.id();
            ids.add(id);
            receivers.append("  ").append(id).append(":\n    protocols:\n");
            for (Target target : targets) {
                if (target.variant != variant) {
                    continue;
                }
                receivers.append("      ").append(target.protocol.name().toLowerCase(Locale.ROOT)).append(":\n")
                        .append("        endpoint: 127.0.0.1:").append(target.port).append('\n');
                if (variant.authenticator != null) {
                    receivers.append("        auth: {authenticator: ").append(variant.authenticator).append("}\n");
                }
                if (variant.tls) {
                    receivers.append("        tls: {cert_file: ").append(certs.serverCert).append(", key_file: ")
                            .append(certs.serverKey).append("}\n");
                }
            }
        }
        return """
                extensions:
                  bearertokenauth: {token: %s}
                  basicauth: {htpasswd: {file: %s}}
                receivers:
                %s
                processors:
                  batch:
                exporters:
                  debug:
                    verbosity: basic
                service:
                  extensions: [bearertokenauth, basicauth]
                  telemetry:
                    metrics:
                      level: none
                  pipelines:
                    traces:
                      receivers: [%s]
                      processors: [batch]
                      exporters: [debug]
                """.formatted(TOKEN, htpasswd, receivers.toString().stripTrailing(), String.join(", ", ids));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return "loadavg=" + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "loadavg=unknown";
        }
    }
}
