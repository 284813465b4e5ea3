package dev.prodguard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prodguard.cli.CliContext;
import dev.prodguard.config.Secrets;
import dev.prodguard.testing.Browser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (Debian's Chromium through Debian's chromedriver) against the running demo
 * (issue 18, "Must show"): sign in with the printed one-time link; the overview's verdict; a simulated preview
 * reset, its alert, the undo through the restore wizard (refused over the existing database until its name is
 * typed) ending with the books balancing. Saves a screenshot of every page in {@code target/screenshots/} and
 * reports the overview's first-load weight and server time. One demo and one browser for the whole class.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    @TempDir
    static Path dir;

    private static DemoRuntime demo;
    private static Browser browser;
    private static String base;

    @BeforeAll
    static void startDemoAndBrowser() throws Exception {
        Browser.requireChromium();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        CliContext ctx = new CliContext(Map.of(), dir, dir, quiet, quiet, Clock.systemUTC(), false);
        demo = DemoRuntime.start(ctx, dir.resolve("demo"), 20, null, line -> {});
        base = "http://127.0.0.1:" + demo.process().port();
        browser = Browser.open(1280, 800);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (demo != null) {
            demo.close();
        }
        Secrets.clearForTests();
    }

    private static WebDriver web() {
        return browser.driver();
    }

    /** Clicks what submits a form or follows a link, and waits until the next page has replaced this one. */
    private static void go(By what) {
        browser.clickAndAwaitNextPage(what);
    }

    private static String text() {
        return web().findElement(By.tagName("body")).getText();
    }

    @Test
    @Order(1)
    void withoutASessionEveryPageIsTheSignInForm() throws Exception {
        for (String page : List.of("/", "/timeline", "/restore", "/alerts", "/monitoring", "/checklist")) {
            web().get(base + page);
            assertThat(web().getTitle()).as(page).startsWith("Sign in");
            assertThat(web().findElements(By.cssSelector("a[href='/restore']"))).as(page + ": no navigation").isEmpty();
        }
        browser.screenshot("sign-in");
        // a page reached through a name that resolves here but is not ours (DNS rebinding) is refused
        web().get(base.replace("127.0.0.1", Browser.REBOUND_NAME) + "/");
        assertThat(text()).contains("the request's Host header named another host");
        assertThat(web().findElements(By.id("token"))).isEmpty();
        web().get(base + "/");
        web().findElement(By.id("token")).sendKeys("not-the-token-at-all");
        go(By.cssSelector("form[action='/login'] button"));
        assertThat(text()).contains("that is not the guardian's API token");
    }

    @Test
    @Order(2)
    void theSignInLinkOpensTheOverviewWithOneVerdictAndItsReasons() throws Exception {
        String link = demo.process().signInLink();
        assertThat(link).doesNotContain(java.nio.file.Files.readString(dir.resolve("demo/state/api-token")).strip());
        web().get(link);
        assertThat(web().getCurrentUrl()).isEqualTo(base + "/");
        String verdict = web().findElement(By.id("verdict-text")).getText();
        assertThat(verdict).isIn("Protected", "At risk", "Not protected");
        assertThat(text()).contains("Environment").contains("Last snapshot").contains("Current restore point")
                .contains("Restorable").contains("Last restore test").contains("Repository").contains("Open alerts")
                .contains("The demo exchange, live").contains("balanced transfers committed");
        // every time is shown in the reader's zone, with UTC on hover
        WebElement time = web().findElement(By.cssSelector("time[datetime]"));
        assertThat(time.getAttribute("title")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"); // UTC, as the CLI prints it
        assertThat(time.getText()).doesNotEndWith("UTC");
        reportFirstLoad();
        // with the session cookie but without the page's CSRF token, a POST is refused
        Object status = ((JavascriptExecutor) web()).executeAsyncScript("var done = arguments[0];"
                + "fetch('/alerts/ack', {method: 'POST', credentials: 'same-origin', headers: {'Content-Type':"
                + " 'application/x-www-form-urlencoded'}, body: 'id=1'}).then(function (r) { done(r.status); });");
        assertThat(((Number) status).intValue()).isEqualTo(403);
        browser.screenshot("overview");
        // a used link opens nothing a second time
        web().manage().deleteAllCookies();
        web().get(link);
        assertThat(web().getTitle()).startsWith("Sign in");
        web().get(demo.process().signInLink());
        assertThat(web().getCurrentUrl()).isEqualTo(base + "/");
    }

    /** The overview's first load (HTML, CSS, scripts): bytes and the server's time, from the browser's own timings. */
    private static void reportFirstLoad() {
        JavascriptExecutor js = (JavascriptExecutor) web();
        Object bytes = js.executeScript("var n = performance.getEntriesByType('navigation')[0];"
                + "return n.encodedBodySize + performance.getEntriesByType('resource').reduce(function (s, r) {"
                + " return s + r.encodedBodySize; }, 0);");
        String timing = "var n = performance.getEntriesByType('navigation')[0];"
                + "return [n.responseStart - n.requestStart, n.serverTiming.length ? n.serverTiming[0].duration : -1];";
        List<?> first = (List<?>) js.executeScript(timing);
        List<Double> again = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            web().navigate().refresh();
            again.add(((Number) ((List<?>) js.executeScript(timing)).get(1)).doubleValue());
        }
        System.out.printf("dashboard overview first load: %d bytes (HTML + CSS + scripts); server time %.1f ms building the"
                + " page (Server-Timing), %.1f ms request to first byte; 5 reloads built in %s ms%n",
                ((Number) bytes).longValue(), ((Number) first.get(1)).doubleValue(), ((Number) first.get(0)).doubleValue(),
                again);
        assertThat(((Number) bytes).longValue()).as("page weight of the overview").isLessThan(300 * 1024);
    }

    @Test
    @Order(3)
    void everyPageRendersAndIsSavedAsAScreenshot() throws Exception {
        web().get(base + "/timeline");
        assertThat(web().findElement(By.tagName("h1")).getText()).startsWith("Timeline of coinhubx_production");
        assertThat(web().findElements(By.cssSelector("svg rect.window"))).isNotEmpty();
        browser.screenshot("timeline");
        web().get(base + "/monitoring");
        await().atMost(Duration.ofSeconds(20)).until(() -> web().findElements(By.cssSelector(".latest")).stream()
                .noneMatch(e -> e.getText().startsWith("Loading")));
        browser.screenshot("metrics");
        web().get(base + "/checklist");
        assertThat(text()).contains("Go-live checklist");
        browser.screenshot("checklist");
        web().get(base + "/alerts");
        browser.screenshot("alerts-none");
        // keyboard only: the first Tab reaches the skip link, the next ones every page of the navigation
        web().get(base + "/");
        List<String> reached = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            new org.openqa.selenium.interactions.Actions(web()).sendKeys(org.openqa.selenium.Keys.TAB).perform();
            WebElement focused = web().switchTo().activeElement();
            reached.add(focused.getTagName().equals("a") ? focused.getAttribute("pathname") + focused.getAttribute("hash")
                    : focused.getTagName() + ":" + focused.getText());
        }
        assertThat(reached.get(0)).isEqualTo("/#main");
        assertThat(reached).contains("/", "/timeline", "/restore", "/alerts", "/monitoring", "/checklist", "button:Sign out");
        browser.resize(390, 844);
        web().get(base + "/");
        browser.screenshot("overview-phone");
        browser.resize(1280, 800);
    }

    @Test
    @Order(4)
    void aSimulatedResetIsAlertedAndUndoneThroughTheWizardAndTheBooksBalance() throws Exception {
        web().get(base + "/");
        go(By.id("simulate-reset"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            web().get(base + "/");
            return text().contains("Wipe detected");
        });
        assertThat(web().findElement(By.id("verdict-text")).getText()).isIn("At risk", "Not protected");
        browser.screenshot("overview-after-wipe");

        web().get(base + "/alerts");
        assertThat(text()).contains("Wipe detected").contains("restore command");
        go(By.cssSelector("form[action='/alerts/ack'] button"));
        assertThat(text()).contains("Acknowledged by dashboard");
        browser.screenshot("alerts");

        go(By.partialLinkText("Undo: restore to just before it"));
        WebElement incident = web().findElement(By.cssSelector("input[name=point][value^='wipe:']"));
        assertThat(incident.isSelected()).isTrue();
        String point = incident.getAttribute("value");
        browser.screenshot("restore-wizard");
        // over the existing database without its name typed: refused, nothing written
        web().findElement(By.id("target-existing")).click();
        go(By.id("show-plan"));
        assertThat(web().findElement(By.id("refusal")).getText()).contains("type its name, coinhubx_production");
        assertThat(web().findElement(By.cssSelector("input[name=point][value='" + point + "']")).isSelected()).isTrue();
        browser.screenshot("restore-refused");
        web().findElement(By.id("target-existing")).click();
        WebElement confirm = web().findElement(By.id("confirm"));
        confirm.clear();
        confirm.sendKeys("coinhubx_production");
        go(By.id("show-plan"));
        assertThat(web().findElement(By.id("plan")).getText()).contains("restore plan").contains("target:  database coinhubx_production");
        assertThat(text()).contains("nothing has been written yet").contains("just before the");
        browser.screenshot("restore-plan");
        go(By.id("run-restore"));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> !web().findElements(By.id("job-state")).isEmpty());
        assertThat(web().findElement(By.id("job-state")).getText()).startsWith("Done.");
        assertThat(web().findElement(By.id("next")).getText()).contains("anchors the restored state of coinhubx_production");
        assertThat(web().findElement(By.id("books")).getText()).isEqualTo("The books balance.");
        browser.screenshot("restore-done");
    }
}
