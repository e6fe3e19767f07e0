package io.spanvault.bench.query;

import io.spanvault.bench.store.ScratchStore;
import io.spanvault.query.extension.QueryExtension;
import io.spanvault.storage.chronicle.ChronicleStoreOptions;
import io.spanvault.storage.chronicle.ChronicleTraceStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Time for the embedded UI to render a 10,000-span trace and a 500-trace search in headless Chromium, from the
 * navigation's start to the page's {@code spanvault:*-rendered} performance mark (module loading, the API
 * request, JSON parsing, the model and the DOM), plus the next frame (layout and paint). The store is filled
 * through its writer; the server is the real query extension on loopback. Options: {@code --runs 5
 * --chromium /usr/bin/chromium --chromedriver /usr/bin/chromedriver}.
 */
public final class UiRenderBench {
    private static final int WARMUP = 2;
    private static final int SEARCH_TRACES = 5_000;
    private static final long BIG_TRACE = 9_999_999;

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(option(args, "--runs", "5"));
        Path chromium = Path.of(option(args, "--chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(option(args, "--chromedriver", "/usr/bin/chromedriver"));
        Path dir = Files.createTempDirectory("spanvault-ui-bench");
        Instant now = Instant.now();
        try (ChronicleTraceStore store = ChronicleTraceStore.open(ChronicleStoreOptions.defaults(dir))) {
            SplittableRandom random = new SplittableRandom(42);
            SyntheticTraces searched = new SyntheticTraces(10, now.minus(Duration.ofMinutes(58)),
                    Duration.ofMinutes(55).toNanos());
            for (int first = 0; first < SEARCH_TRACES; first += 100) {
                store.write(searched.batch(first, 100, random));
            }
            store.write(new SyntheticTraces(10_000, now.minus(Duration.ofMinutes(2)), 1).batch(BIG_TRACE, 1, random));
            QueryExtension query = QueryLatencyBench.start(store);
            ChromeDriver browser = browser(chromium, chromedriver);
            try {
                String base = "http://127.0.0.1:" + query.port() + "/";
                String traceId = HexFormat.of().formatHex(SyntheticTraces.traceId(BIG_TRACE).toByteArray());
                report("trace of 10,000 spans", measure(browser, base + "trace/" + traceId, "trace",
                        ".rows .row", runs));
                report("search of 500 traces", measure(browser, base + "search?service=" + SyntheticTraces.service(0)
                        + "&lookback=1h&limit=500", "search", ".trace-list > li", runs));
                System.out.printf("search heading: %s%n", browser.findElement(By.cssSelector(".results-bar h2"))
                        .getText());
                Instant end = Instant.now();
                apiTime("GET /api/traces/{id} (10,000 spans)", base + "api/traces/" + traceId, runs);
                apiTime("GET /api/v3/trace-summaries (500 traces)", base + "api/v3/trace-summaries?query.service_name="
                        + SyntheticTraces.service(0) + "&query.search_depth=500&query.start_time_min="
                        + end.minus(Duration.ofHours(1)) + "&query.start_time_max=" + end, runs);
            } finally {
                browser.quit();
                query.close();
            }
        } finally {
            ScratchStore.deleteRecursively(dir);
        }
    }

    private static ChromeDriver browser(Path chromium, Path chromedriver) {
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000");
        // Naming the driver executable keeps Selenium Manager from looking for (or downloading) one.
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build(), options);
    }

    /** Per run, ms since the navigation started: [rendered, the frame after it, data, model, view start] marks. */
    private static List<double[]> measure(ChromeDriver browser, String url, String page, String rows, int runs) {
        List<double[]> samples = new ArrayList<>();
        for (int i = 0; i < WARMUP + runs; i++) {
            browser.get("about:blank");
            browser.get(url);
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.attributeToBe(By.id("main"),
                    "data-ready", page));
            Object[] marks = ((List<?>) browser.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const mark = (name) => performance.getEntriesByName(`spanvault:${arguments[0]}-${name}`)[0].startTime;
                    const rendered = mark('rendered');
                    requestAnimationFrame(() => requestAnimationFrame(() => done([rendered, performance.now(),
                      mark('data'), mark('model'), mark('start')])));
                    """, page)).toArray();
            if (browser.findElements(By.cssSelector(rows)).isEmpty()) {
                throw new IllegalStateException(url + " rendered no rows");
            }
            if (i >= WARMUP) {
                samples.add(new double[] {((Number) marks[0]).doubleValue(), ((Number) marks[1]).doubleValue(),
                        ((Number) marks[2]).doubleValue(), ((Number) marks[3]).doubleValue(),
                        ((Number) marks[4]).doubleValue()});
            }
        }
        return samples;
    }

    private static void report(String what, List<double[]> samples) {
        double[] rendered = samples.stream().mapToDouble(s -> s[0]).sorted().toArray();
        double[] painted = samples.stream().mapToDouble(s -> s[1]).sorted().toArray();
        double[] modules = samples.stream().mapToDouble(s -> s[4]).sorted().toArray();
        double[] data = samples.stream().mapToDouble(s -> s[2] - s[4]).sorted().toArray();
        double[] model = samples.stream().mapToDouble(s -> s[3] - s[2]).sorted().toArray();
        double[] dom = samples.stream().mapToDouble(s -> s[0] - s[3]).sorted().toArray();
        int mid = samples.size() / 2;
        System.out.printf("%s: rendered median %.0f ms (max %.0f), next frame median %.0f ms (max %.0f); medians of"
                + " the parts: page and modules %.0f ms, API answer parsed %.0f ms, model %.0f ms, DOM %.0f ms; %d runs%n",
                what, rendered[mid], rendered[rendered.length - 1], painted[mid], painted[painted.length - 1],
                modules[mid], data[mid], model[mid],
                dom[mid], samples.size());
    }

    /** The API request alone (server and transfer, no browser), for the share of the figures above. */
    private static void apiTime(String what, String url, int runs) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        double[] millis = new double[runs];
        long bytes = 0;
        for (int i = 0; i < WARMUP + runs; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            if (i >= WARMUP) {
                millis[i - WARMUP] = (System.nanoTime() - t) / 1e6;
                bytes = response.body().length;
            }
        }
        Arrays.sort(millis);
        System.out.printf("%s: median %.0f ms (max %.0f), %d KiB%n", what, millis[runs / 2], millis[runs - 1],
                bytes / 1024);
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
