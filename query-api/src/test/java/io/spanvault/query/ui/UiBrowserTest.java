package io.spanvault.query.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.spanvault.query.QueryServerFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Drives the embedded UI in headless Chromium against a started query extension over a real store. */
class UiBrowserTest {
    @TempDir
    static Path dataDir;
    static QueryServerFixture server;
    static ChromeDriver browser;
    static String base;
    static final int BULK_SPANS = 10_000;

    @BeforeAll
    static void start() throws Exception {
        Chromium.assumeInstalled();
        server = new QueryServerFixture(dataDir, Instant.now(), QueryServerFixture.loopback(""),
                UiTraces.traces(Instant.now()), UiTraces.bulk(Instant.now(), BULK_SPANS));
        base = "http://127.0.0.1:" + server.extension.port() + "/";
        browser = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void noScriptErrors() {
        if (browser == null) {
            return;
        }
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // a missing metrics API answers 404, which the page reports itself
                .filter(m -> !(m.contains("/api/metrics/") && m.contains("404")))
                .collect(Collectors.toList());
        assertEquals(List.of(), errors, "errors in the browser console");
    }

    @Test
    void searchByServiceShowsTheListAndTheScatterPlot() throws Exception {
        open("");
        waitReady("search");
        new Select(browser.findElement(By.id("service"))).selectByValue("frontend");
        browser.findElement(By.cssSelector("form.search-form button[type=submit]")).click();
        List<WebElement> items = waitForResults(3);
        assertTrue(browser.getCurrentUrl().contains("service=frontend"), browser.getCurrentUrl());
        assertEquals(3, browser.findElements(By.cssSelector("svg.scatter circle.point")).size());
        // newest first: the slow report, then the failed checkout, then the good one
        assertEquals(UiTraces.SLOW, items.get(0).getDomAttribute("data-trace-id"));
        assertTrue(items.get(1).getText().contains("1 error"), items.get(1).getText());
        assertTrue(items.get(1).getText().contains("backend (3)"), items.get(1).getText());
        assertTrue(items.get(0).getText().contains("minutes ago"), items.get(0).getText());
        screenshot("search");

        new Select(browser.findElement(By.id("sort"))).selectByValue("spans");
        waitReady("search");
        assertEquals(UiTraces.FAILED, waitForResults(3).get(0).getDomAttribute("data-trace-id"));
        browser.navigate().back();
        waitReady("search");
        assertEquals(UiTraces.SLOW, waitForResults(3).get(0).getDomAttribute("data-trace-id"));
    }

    @Test
    void searchByAttributeAndAllServices() throws Exception {
        open("search?service=*");
        waitReady("search");
        WebElement tags = browser.findElement(By.id("tags"));
        tags.clear();
        tags.sendKeys("http.status_code=500 db.system=\"mysql\"", Keys.ENTER);
        // one span must carry both in Jaeger's semantics: none does
        waitFor(By.cssSelector(".results .empty"));
        browser.findElement(By.id("match")).click();
        browser.findElement(By.cssSelector("form.search-form button[type=submit]")).click();
        List<WebElement> items = waitForResults(1);
        assertEquals(UiTraces.FAILED, items.get(0).getDomAttribute("data-trace-id"));
        assertTrue(browser.getCurrentUrl().contains("match=trace"), browser.getCurrentUrl());
    }

    @Test
    void searchByDuration() throws Exception {
        open("search?service=backend");
        waitReady("search");
        browser.findElement(By.id("minDuration")).sendKeys("1s");
        browser.findElement(By.cssSelector("form.search-form button[type=submit]")).click();
        assertEquals(UiTraces.SLOW, waitForResults(1).get(0).getDomAttribute("data-trace-id"));
        // the whole trace lasts 1.5s, its backend span 1.4s
        open("search?service=backend&minDuration=1450ms&match=trace");
        assertEquals(UiTraces.SLOW, waitForResults(1).get(0).getDomAttribute("data-trace-id"));
        open("search?service=backend&minDuration=1450ms");
        waitFor(By.cssSelector(".results .empty"));
    }

    @Test
    void scatterPointOpensTheTraceWhoseTreeCollapsesAndShowsSpanDetail() throws Exception {
        open("search?service=frontend");
        waitForResults(3);
        browser.findElement(By.cssSelector("circle.point[data-trace-id='" + UiTraces.FAILED + "']")).click();
        waitReady("trace");
        assertTrue(browser.getCurrentUrl().endsWith("trace/" + UiTraces.FAILED), browser.getCurrentUrl());
        String header = browser.findElement(By.cssSelector(".trace-header")).getText();
        assertTrue(header.contains("frontend: GET /checkout"), header);
        assertTrue(header.contains("150ms"), header);
        assertEquals(5, rows().size());
        assertEquals(1, browser.findElements(By.cssSelector(".row.error")).size());
        assertTrue(browser.findElements(By.cssSelector(".bar.critical")).size() >= 2);

        WebElement cart = row("/cart");
        cart.findElement(By.cssSelector("button.toggle")).click();
        assertEquals(3, rows().size());
        assertTrue(row("/cart").getText().contains("+2"), row("/cart").getText());
        row("/cart").findElement(By.cssSelector("button.toggle")).click();
        assertEquals(5, rows().size());

        row("/cart").click();
        WebElement detail = waitFor(By.cssSelector(".span-detail"));
        for (WebElement section : detail.findElements(By.cssSelector("details:not([open]) summary"))) {
            section.click();
        }
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElement(
                detail, "CartLockedException"));
        String text = detail.getText();
        for (String expected : List.of("server", "ERROR: cart locked", "http.status_code", "500", "exception",
                "+128ms in the span", "host.name", "app-1", "io.opentelemetry.jdbc", "vendor=abc",
                UiTraces.CHECKOUT)) {
            assertTrue(text.contains(expected), () -> "span detail lacks '" + expected + "':\n" + text);
        }
        WebElement link = new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions
                .elementToBeClickable(detail.findElement(By.cssSelector(".links a"))));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> detail.getText().contains("attributes\n3")
                || detail.getText().contains("attributes 3"));
        screenshot("trace");
        link.click();
        waitReady("trace");
        assertTrue(browser.getCurrentUrl().contains("trace/" + UiTraces.CHECKOUT), browser.getCurrentUrl());
        assertTrue(waitFor(By.cssSelector(".span-detail")).getText().contains("GET /checkout"));
        assertTrue(browser.findElement(By.cssSelector(".row.selected")).getText().contains("GET /checkout"));
    }

    @Test
    void findInTraceHighlightsMatchingSpans() throws Exception {
        open("trace/" + UiTraces.FAILED);
        waitReady("trace");
        browser.findElement(By.id("find")).sendKeys("mysql");
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.textToBe(
                By.cssSelector(".find-status"), "1 of 2"));
        assertEquals(2, browser.findElements(By.cssSelector(".row.match")).size());
        assertEquals(3, browser.findElements(By.cssSelector(".row.dimmed")).size());
    }

    @Test
    void aTenThousandSpanTraceRendersOnlyTheRowsInView() throws Exception {
        open("trace/" + UiTraces.BULK);
        waitReady("trace");
        assertTrue(browser.findElement(By.cssSelector(".trace-header")).getText().contains("10,000"));
        int rendered = rows().size();
        assertTrue(rendered > 10 && rendered < 100, "rows in the DOM: " + rendered);
        assertTrue(browser.findElement(By.cssSelector(".minimap")).isDisplayed());
        screenshot("trace-10k");

        rows().get(0).click();
        browser.switchTo().activeElement().sendKeys(Keys.END);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> rows().stream().anyMatch(
                r -> String.valueOf(BULK_SPANS - 1).equals(r.getDomAttribute("data-index"))));
        assertEquals(String.valueOf(BULK_SPANS - 1), browser.switchTo().activeElement().getDomAttribute("data-index"));
        assertTrue(rows().size() < 100);
        browser.findElement(By.id("find")).sendKeys("step 4321");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(
                By.cssSelector(".find-status"), "1 of 1"));
        assertTrue(browser.findElement(By.cssSelector(".row.current-match")).getText().contains("step 4321"));
    }

    @Test
    void compareShowsTheDiffOfTwoSpanTrees() throws Exception {
        open("search?service=frontend&operation=GET%20%2Fcheckout");
        List<WebElement> items = waitForResults(2);
        for (WebElement item : items) {
            item.findElement(By.cssSelector("input[type=checkbox]")).click();
        }
        browser.findElement(By.linkText("Compare selected")).click();
        waitReady("compare");
        List<WebElement> diff = browser.findElements(By.cssSelector("table.diff tbody tr"));
        assertEquals(4, diff.size());
        WebElement sql = diff.stream().filter(r -> r.getText().contains("backend: SQL SELECT")).findFirst().orElseThrow();
        assertTrue(sql.getDomAttribute("class").contains("changed"), sql.getText());
        screenshot("compare");
    }

    @Test
    void serviceMapLinksAServiceToItsSearch() throws Exception {
        open("map");
        waitReady("map");
        assertEquals(2, browser.findElements(By.cssSelector("svg.service-map a.node")).size());
        String edges = browser.findElement(By.cssSelector("table.table")).getText();
        assertTrue(edges.contains("frontend backend 3"), edges);
        screenshot("service-map");
        browser.findElement(By.cssSelector("a.node[aria-label='Search traces of backend']")).click();
        waitReady("search");
        assertTrue(browser.getCurrentUrl().contains("search?service=backend"), browser.getCurrentUrl());
        waitForResults(3);
    }

    @Test
    void serviceHealthChartsTheRedMetrics() throws Exception {
        HttpResponse<Void> calls = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "api/metrics/calls?service=frontend")).build(), HttpResponse.BodyHandlers.discarding());
        open("health?service=frontend");
        waitReady("health");
        if (calls.statusCode() == 404) {
            assertTrue(browser.findElement(By.cssSelector(".error-box")).getText().contains("/api/metrics/"));
            screenshot("service-health");
            assumeTrue(false, "service health charts skipped: this build has no /api/metrics/* (404)");
        }
        assertEquals(3, browser.findElements(By.cssSelector(".charts figure svg")).size());
        assertTrue(browser.findElement(By.cssSelector("table.operations")).getText().contains("GET /checkout"));
        screenshot("service-health");
    }

    @Test
    void anEmptyStoreSaysWhereToSendSpans(@TempDir Path emptyDir) throws Exception {
        try (QueryServerFixture empty = new QueryServerFixture(emptyDir, Instant.now(),
                QueryServerFixture.loopback("/jaeger"))) {
            browser.get("http://127.0.0.1:" + empty.extension.port() + "/jaeger/");
            waitReady("search");
            String text = browser.findElement(By.cssSelector(".onboarding")).getText();
            assertTrue(text.contains("127.0.0.1:4317") && text.contains("http://127.0.0.1:4318/v1/traces"), text);
            screenshot("empty");
        }
    }

    private static void open(String path) {
        browser.get(base + path);
    }

    private static void waitReady(String page) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.attributeToBe(By.id("main"),
                "data-ready", page));
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static List<WebElement> waitForResults(int count) {
        By items = By.cssSelector(".trace-list > li");
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.numberOfElementsToBe(items, count));
        return browser.findElements(items);
    }

    private static List<WebElement> rows() {
        return browser.findElements(By.cssSelector(".rows .row"));
    }

    private static WebElement row(String operation) {
        return rows().stream().filter(r -> r.findElement(By.cssSelector(".operation")).getText().equals(operation))
                .findFirst().orElseThrow(() -> new AssertionError("no row " + operation));
    }

    static void screenshot(String name) throws Exception {
        browser.executeScript("window.scrollTo(0, 0); document.querySelector('.span-detail')?.scrollTo(0, 0)");
        Path target = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(target.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
