package io.spanvault.bench.runner;

import io.spanvault.bench.loadgen.LoadResult;
import java.util.Locale;
import java.util.Map;

/**
 * One scenario's figures: the generator's view (acknowledged spans, latency), the server's (CPU, memory,
 * what its own metrics say it accepted; -1 where there is no such metric, as for the ceiling), and the CPU
 * seconds (user + system) both processes spent in the measured window, from {@code startNanos} to
 * {@code endNanos} of {@link System#nanoTime()}. CPU per span is the figure that holds on a busy machine: the
 * throughput goals divide the cores by it. {@code serverThreads} is
 * where the server's CPU went by thread group, and how often its threads slept and were woken;
 * {@code clientThreads} the generator's threads that outlive a run (its JIT compiler threads among them).
 */
record ScenarioResult(Scenario scenario, LoadResult load, long startNanos, long endNanos, double serverCpuSeconds,
        double clientCpuSeconds, long rssAverageBytes, long rssMaxBytes, long serverAcceptedSpans,
        ThreadStats serverThreads, ThreadStats clientThreads, long clockTicksPerSecond) {

    double wallSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    double cpuPercentOfCore() {
        return 100 * serverCpuSeconds / wallSeconds();
    }

    /** Server CPU per acknowledged span, in µs. */
    double serverMicrosPerSpan() {
        return perSpan(serverCpuSeconds);
    }

    /** The load generator's CPU per acknowledged span, in µs: the client's share on the same cores. */
    double clientMicrosPerSpan() {
        return perSpan(clientCpuSeconds);
    }

    private double perSpan(double cpuSeconds) {
        return load.ackedSpans() == 0 ? 0 : cpuSeconds * 1e6 / load.ackedSpans();
    }

    String line() {
        return String.format(Locale.ROOT, "scenario=%s protocol=%s shape=%s concurrency=%d rate=%s requests_per_s=%.1f"
                + " spans_per_s=%.0f cpu_pct_of_core=%.1f server_cpu_us_per_span=%.2f client_cpu_us_per_span=%.2f"
                + " rss_mib_avg=%.1f rss_mib_max=%.1f p50_ms=%.3f p99_ms=%.3f acked_spans=%d refused_spans=%d"
                + " server_accepted_spans=%d duration_s=%.1f errors=%s server_ctx_switches_per_request=%.1f"
                + " server_cpu_us_per_span_without_jit=%.2f server_threads_us_per_span=%s"
                + " client_cpu_us_per_span_without_jit=%.2f compression=%s",
                scenario.label(), scenario.protocol.name().toLowerCase(Locale.ROOT),
                load.options().shape().name().toLowerCase(Locale.ROOT), scenario.concurrency,
                load.options().rate() == 0 ? "max" : Long.toString(load.options().rate()),
                load.requests() / load.seconds(), load.spansPerSecond(), cpuPercentOfCore(), serverMicrosPerSpan(),
                clientMicrosPerSpan(), rssAverageBytes / 1048576.0, rssMaxBytes / 1048576.0, load.p50Millis(),
                load.p99Millis(), load.ackedSpans(), load.refusedSpans(), serverAcceptedSpans, load.seconds(),
                errors(), load.requests() == 0 ? 0.0 : serverThreads.contextSwitches() / (double) load.requests(),
                serverMicrosPerSpanWithoutJit(), threads(), clientMicrosPerSpanWithoutJit(),
                load.options().compression().name().toLowerCase(Locale.ROOT));
    }

    /**
     * Server CPU per span less what the JIT compiler threads spent: in a short run on a busy machine they are
     * still compiling and would swamp the steady-state difference between two builds.
     */
    double serverMicrosPerSpanWithoutJit() {
        return perSpan(Math.max(0, serverCpuSeconds - serverThreads.jitTicks() / (double) clockTicksPerSecond));
    }

    /** The same for the load generator, whose JIT compiles the client's code in the first runs. */
    double clientMicrosPerSpanWithoutJit() {
        return perSpan(Math.max(0, clientCpuSeconds - clientThreads.jitTicks() / (double) clockTicksPerSecond));
    }

    /** CPU µs per span of each thread group that spent at least 0.1 µs, largest first: {@code otlp-grpc:4.10,...}. */
    private String threads() {
        StringBuilder out = new StringBuilder();
        serverThreads.ticksByGroup().entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> {
                    double micros = perSpan(e.getValue() / (double) clockTicksPerSecond);
                    if (micros >= 0.1) {
                        out.append(out.length() == 0 ? "" : ",").append(e.getKey().replace(' ', '_'))
                                .append(':').append(String.format(Locale.ROOT, "%.2f", micros));
                    }
                });
        return out.length() == 0 ? "none" : out.toString();
    }

    private String errors() {
        if (load.refusals().isEmpty()) {
            return "none";
        }
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(load.refusals()).forEach((k, v) ->
                out.append(out.length() == 0 ? "" : ",").append(k.replace(' ', '_')).append(':').append(v));
        return out.toString();
    }
}
