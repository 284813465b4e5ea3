package dev.prodguard.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for browser tests: Debian's {@code chromium} driven through Debian's {@code chromedriver}
 * (nothing is downloaded: Selenium Manager is never asked), with the flags this machine's closed network needs and
 * a fresh profile. One browser per test class ({@link #open}); {@link #requireChromium()} skips a class, saying
 * why, where the packages are not installed (CI installs them: {@code .ci/run}).
 */
public final class Browser implements AutoCloseable {
    /** Where Debian's packages put them. */
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A name this browser resolves to 127.0.0.1, as a DNS-rebinding attacker's name would; in no allow-list. */
    public static final String REBOUND_NAME = "rebound.example";
    /** Where screenshots go: a build artifact ({@code <build dir>/screenshots}), attached to nothing else. */
    public static final Path SCREENSHOTS = Path.of(System.getProperty("pg.screenshots", "target/screenshots"));

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test class unless Debian's chromium and chromedriver are installed. */
    public static void requireChromium() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests need Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install -y chromium chromium-driver (.ci/run does)");
    }

    /** A headless browser, {@code width} x {@code height} CSS pixels. */
    public static Browser open(int width, int height) throws IOException {
        requireChromium();
        Path profile = Files.createTempDirectory("prodguard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--host-resolver-rules=MAP " + REBOUND_NAME + " 127.0.0.1",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs); // what consoleErrors() reads
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(width, height));
        return new Browser(driver, profile);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}; returns the file. */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path to = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot.toPath(), to, StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /** The browser console's errors (SEVERE entries: script errors, failed loads, CSP violations) since the last call. */
    public java.util.List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
    }

    /**
     * Clicks {@code what} (a form's button, a link) and waits until the next page has replaced this one.
     * Chromium reports an element of a replaced page either as stale or, while the new document is being
     * attached, as "Node with given id does not belong to the document"; both mean the page was replaced
     * (CI once failed on the second with Selenium's own staleness condition).
     */
    public void clickAndAwaitNextPage(By what) {
        WebElement old = driver().findElement(By.tagName("html"));
        driver().findElement(what).click();
        new WebDriverWait(driver(), Duration.ofSeconds(30)).until(d -> replaced(old));
    }

    /** Whether {@code element}'s page has been replaced. */
    private static boolean replaced(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Resizes the window (e.g. to a phone's width). */
    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

}
