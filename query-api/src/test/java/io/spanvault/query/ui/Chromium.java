package io.spanvault.query.ui;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The system's headless Chromium through its chromedriver (Debian's {@code chromium} and {@code chromium-driver});
 * naming both executables keeps Selenium Manager from downloading a browser.
 */
public final class Chromium {
    static final Path BROWSER = Path.of(System.getProperty("spanvault.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("spanvault.chromedriver", "/usr/bin/chromedriver"));

    private Chromium() {
    }

    /** Skips the calling test class, with one line saying why, where the browser is not installed. */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
        String why = "browser tests skipped: no " + (Files.isExecutable(BROWSER) ? DRIVER : BROWSER)
                + " (apt-get install chromium chromium-driver)";
        if (!installed) {
            // Surefire does not print a class-level assumption's message; this line says why nothing ran.
            System.out.println(why);
        }
        assumeTrue(installed, why);
    }

    public static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions().setBinary(BROWSER.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000",
                "--force-device-scale-factor=1", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File("target/chromedriver.log")).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
