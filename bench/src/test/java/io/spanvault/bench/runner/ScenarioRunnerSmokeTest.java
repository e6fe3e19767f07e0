package io.spanvault.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness end to end in its CI mode: real child JVMs, real load, a few seconds per scenario. The store
 * scenarios at full speed are left to full runs: the store's first write compiles Chronicle Map code, which
 * would dominate a two-second run; trace10k's 100 requests a second are few enough to check the pairing.
 */
class ScenarioRunnerSmokeTest {

    @Test
    void smokeModePrintsOneSummaryLinePerScenarioAndTheRatio(@TempDir Path work) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        // max-noop keeps 512 requests of 100 spans in flight, which admission control reserves at ~41 MiB
        // (14 KB on the wire plus ~71 KB decoded each). The default budget is a quarter of the heap: 128 MiB
        // left it 31 MiB, so whether a run saw refusals depended on how many requests happened to overlap.
        ScenarioRunner.Options options = ScenarioRunner.Options.parse("--smoke", "--scenarios", "max-noop,ceiling",
                "--server-jvm-opts", "-XX:+UseSerialGC -Xmx256m", "--work-dir", work.toString());

        new ScenarioRunner(options, new PrintStream(captured, true, StandardCharsets.UTF_8)).runAll();

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("# machine: "), lines.toString());
        String noop = lines.get(1);
        assertTrue(noop.matches("scenario=max-noop protocol=grpc shape=testbed concurrency=[1-9]\\d* rate=max requests_per_s=\\S+"
                + " spans_per_s=[1-9]\\d* cpu_pct_of_core=\\S+ server_cpu_us_per_span=\\d+\\.\\d\\d"
                + " client_cpu_us_per_span=\\d+\\.\\d\\d rss_mib_avg=\\S+ rss_mib_max=\\S+ p50_ms=\\S+ p99_ms=\\S+"
                + " acked_spans=(\\d+) refused_spans=0 server_accepted_spans=\\1 duration_s=\\S+ errors=none"
                + " server_ctx_switches_per_request=\\d+\\.\\d server_cpu_us_per_span_without_jit=\\d+\\.\\d\\d"
                + " server_threads_us_per_span=\\S+ client_cpu_us_per_span_without_jit=\\d+\\.\\d\\d"
                + " compression=none"), noop);
        String ceiling = lines.get(2);
        assertTrue(ceiling.matches("scenario=ceiling protocol=grpc shape=testbed concurrency=[1-9]\\d* rate=max"
                + " requests_per_s=\\S+ spans_per_s=[1-9]\\d* cpu_pct_of_core=\\S+ server_cpu_us_per_span=\\S+"
                + " client_cpu_us_per_span=\\S+"
                + " rss_mib_avg=\\S+ rss_mib_max=\\S+ p50_ms=\\S+ p99_ms=\\S+ acked_spans=[1-9]\\d* refused_spans=0"
                + " server_accepted_spans=-1 duration_s=\\S+ errors=none server_ctx_switches_per_request=\\S+"
                + " server_cpu_us_per_span_without_jit=\\S+ server_threads_us_per_span=\\S+"
                + " client_cpu_us_per_span_without_jit=\\S+ compression=none"), ceiling);
        assertTrue(lines.get(3).matches("ratio_to_ceiling max-noop=\\d+\\.\\d\\d"), lines.get(3));
        assertEquals(4, lines.size(), lines.toString());
    }

    @Test
    void sideBySideRunsTrace10kAndTheBareServiceOverTheSameSeconds(@TempDir Path work) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ScenarioRunner.Options options = ScenarioRunner.Options.parse("--smoke", "--side-by-side", "--scenarios",
                "trace10k-ceiling,trace10k-grpc", "--work-dir", work.toString());

        Map<Scenario, ScenarioResult> results =
                new ScenarioRunner(options, new PrintStream(captured, true, StandardCharsets.UTF_8)).runAll();

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(1).startsWith("# trace10k-grpc and trace10k-ceiling run side by side"), lines.toString());
        assertTrue(lines.get(2).startsWith("scenario=trace10k-ceiling "), lines.get(2));
        assertTrue(lines.get(3).matches("scenario=trace10k-grpc .* acked_spans=(\\d+) refused_spans=0"
                + " server_accepted_spans=\\1 .*"), lines.get(3));
        assertTrue(lines.get(4).matches("trace10k_cpu_ratio_to_bare_service=\\d+\\.\\d\\d"), lines.get(4));
        ScenarioResult store = results.get(Scenario.TRACE10K_GRPC);
        ScenarioResult bare = results.get(Scenario.TRACE10K_CEILING);
        long overlap = Math.min(store.endNanos(), bare.endNanos()) - Math.max(store.startNanos(), bare.startNanos());
        // one after the other they would not overlap at all; together they differ by a server's start-up at most
        assertTrue(overlap > (bare.endNanos() - bare.startNanos()) / 2,
                "windows " + store.startNanos() + ".." + store.endNanos() + " and " + bare.startNanos() + ".."
                        + bare.endNanos());
    }
}
