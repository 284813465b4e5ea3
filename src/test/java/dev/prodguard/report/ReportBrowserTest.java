package dev.prodguard.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.Browser;
import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.TestMongo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The HTML report in Debian's headless Chromium: it opens from a file without console errors (no script, nothing
 * fetched), shows every section, is kept as a screenshot ({@code <build dir>/screenshots/report-weekly.png}), and
 * prints to PDF with Chromium's own {@code --print-to-pdf}. Skipped with the reason where Chromium is missing.
 */
class ReportBrowserTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    static Path dir;

    private static Path html;

    @BeforeAll
    static void report() {
        Browser.requireChromium();
        String db = TestMongo.uniqueDb("report_browser");
        mongo.client().getDatabase(db).getCollection("wallets").insertOne(new org.bson.Document("asset", "BTC"));
        Map<String, String> env = new HashMap<>();
        env.put("MONGO_URL", mongo.uri());
        env.put("DB_NAME", db);
        env.put("PRODGUARD_REPO", dir.resolve("repo").toString());
        env.put("PRODGUARD_STATE_DIR", dir.resolve("state").toString());
        env.put("PRODGUARD_TIER", "M0");
        Clock clock = Clock.fixed(ReportCommandTest.NOW, ZoneOffset.UTC);
        assertThat(CliRun.run(env, dir, clock, "backup").exitCode).isZero();
        ReportCommandTest.history(dir.resolve("state"));
        CliRun run = CliRun.run(env, dir, clock, "report", "--period", "quarterly", "--out", "quarterly.html");
        assertThat(run.exitCode).as(run.toString()).isZero();
        html = dir.resolve("quarterly.html");
    }

    @org.junit.jupiter.api.AfterAll
    static void keepTheFile() throws java.io.IOException {
        if (html != null && Files.exists(html)) { // beside its screenshot and PDF, a build artifact
            Files.copy(html, Files.createDirectories(Browser.SCREENSHOTS).resolve("report-quarterly.html"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void opensWithoutConsoleErrorsAndIsKeptAsAScreenshot() throws Exception {
        try (Browser browser = Browser.open(1100, 1400)) {
            browser.driver().get(html.toUri().toString());
            assertThat(browser.driver().getTitle()).startsWith("Quarterly maintenance report: ");
            List<String> headings = browser.driver().findElements(By.tagName("h2")).stream().map(e -> e.getText()).toList();
            assertThat(headings).containsSubsequence("In short", "Database and collection size", "Slow operations",
                    "Connections", "Index review", "Unused and empty collections", "Users, roles and password age",
                    "Backup health", "Capacity and cost advisor", "Weekly transfer", "Maintenance of this period");
            assertThat(browser.driver().findElements(By.cssSelector("svg.chart"))).isNotEmpty();
            assertThat(browser.driver().findElements(By.tagName("script"))).isEmpty();
            Path shot = browser.screenshot("report-quarterly");
            assertThat(Files.size(shot)).isGreaterThan(10_000);
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    @Test
    void printsToPdfWithChromium() throws Exception {
        Path pdf = dir.resolve("quarterly.pdf");
        Path profile = Files.createTempDirectory(dir, "chromium-print-");
        Process p = new ProcessBuilder(Browser.CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--no-first-run", "--user-data-dir=" + profile,
                "--no-pdf-header-footer", "--print-to-pdf=" + pdf, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium-print.log").toFile()).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS); // a hang guard only
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("chromium --print-to-pdf finished").isTrue();
        assertThat(pdf).exists();
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(new String(bytes, 0, 4, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF");
        assertThat(bytes.length).isGreaterThan(20_000);
        Files.copy(pdf, Files.createDirectories(Browser.SCREENSHOTS).resolve("report-quarterly.pdf"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
