package dev.prodguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end and in process: seed, traffic, the guardian with capture,
 * doctor and gate, the wipe, the wipe alert, the restore to just before the drop, the books.
 */
class DemoStoryTest {
    @TempDir
    Path dir;

    @Test
    void demoTellsTheWholeStoryAndEndsByItself() throws Exception {
        // a MONGO_URL pointing at a closed port: if the demo used it, doctor, capture and restore would fail
        CliRun run = CliRun.run(Map.of("PRODGUARD_DEMO_DIR", "demo", "MONGO_URL", "mongodb://127.0.0.1:1/",
                "DB_NAME", "users_real_db"), dir, "demo", "--users", "25");
        assertThat(run.exitCode).as(run.toString()).isZero();
        String out = run.out;
        // seed, traffic and the guardian
        assertThat(out).containsPattern("exchange: +seeded \\d+ documents")
                .containsPattern("health: +http://127\\.0\\.0\\.1:\\d+/health")
                .containsPattern("GET /health -> 200 status ok, last snapshot \\S+ .*capture running")
                .containsPattern("GET /metrics -> 200, \\d+ samples")
                .containsPattern("api: +http://127\\.0\\.0\\.1:\\d+/api/status \\(Authorization: Bearer <token>; the token is in .*api-token\\)");
        // the API token lives in the demo's state folder and is never printed
        String token = java.nio.file.Files.readString(dir.resolve("demo/state/api-token")).strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(16);
        assertThat(out + run.err).doesNotContain(token);
        // doctor and the environment fence, as before
        assertThat(out).contains("doctor: all checks passed").contains("FAIL host-loopback").contains("FAIL embedded-server");
        // the wipe empties the database
        assertThat(out).containsPattern("dropped coinhubx_production \\(\\d+ collections: [^)]*wallets[^)]*\\): 0 documents left");
        // the guardian's wipe alert names what was lost and the restore point, within 5 s
        Matcher alert = Pattern.compile("ALERT CRITICAL \\[wipe-detected\\] Wipe detected: \\d+ collections of coinhubx_production"
                + " were dropped \\(opened ([0-9.]+) (ms|s) after the drop\\)").matcher(out);
        assertThat(alert.find()).as(out).isTrue();
        assertThat(Double.parseDouble(alert.group(1)) / (alert.group(2).equals("ms") ? 1000 : 1)).isLessThan(5.0);
        assertThat(out).containsPattern("dropped collections: [^\\[\\n]*transactions[^\\n]*wallets")
                .containsPattern("restore point just before: 20\\d\\d-");
        // the restore goes to just before the drop, replaying captured changes
        assertThat(out).contains("capture has committed past the drop: the instant just before it is restorable")
                .contains("$ prodguard restore --to before-last-drop --target-db coinhubx_production --force")
                .containsPattern("replayed \\d+ captured change\\(s\\) .* \\(just before the (dropDatabase|drop of \\d+ collections)\\)");
        // books: the invariant holds, every document and every transfer committed before the wipe is back
        assertThat(out).contains("✓ invariant 'books balance (per asset, wallets total the ledger)' holds")
                .containsPattern("✓ books balance \\(6 assets\\)");
        Matcher back = Pattern.compile("restored (\\d+) of (\\d+) documents; (\\d+) of the (\\d+) transfers committed before the wipe"
                + " are back").matcher(out);
        assertThat(back.find()).as(out).isTrue();
        assertThat(back.group(1)).isEqualTo(back.group(2));
        assertThat(back.group(3)).isEqualTo(back.group(4));
        assertThat(Integer.parseInt(back.group(4))).isGreaterThanOrEqualTo(DemoStory.TRANSFERS_BEFORE_WIPE);
        // the restored exchange backs up and that backup passes the restore test with the invariant
        assertThat(out).contains("restore test of snapshot").contains("PASSED")
                .contains("Done: wiped, detected, restored to just before the drop; books balanced.");
        // one first snapshot, taken by the guardian's capture (neither the guardian nor the demo takes another),
        // and the restore starts from it; the other two are the restore's safety snapshot and step 9's backup
        Matcher first = Pattern.compile("GET /health -> 200 status ok, last snapshot (\\S+) ").matcher(out);
        assertThat(first.find()).isTrue();
        assertThat(out).contains("restored snapshot " + first.group(1) + " into coinhubx_production");
        try (Stream<Path> manifests = Files.list(dir.resolve("demo/repo/manifests/snapshot"))) {
            assertThat(manifests.count()).as(out).isEqualTo(3);
        }
        // the story ends with the week's maintenance report: one valid, self-contained HTML file in the demo folder
        assertThat(out).contains("$ prodguard report --period weekly --out " + DemoStory.REPORT)
                .containsPattern("weekly report of coinhubx_production \\(.*\\) written to .*" + DemoStory.REPORT);
        Path report = dir.resolve("demo").resolve(DemoStory.REPORT);
        assertThat(report).exists();
        String html = Files.readString(report);
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").contains("<title>Weekly maintenance report:"
                + " coinhubx_production").contains("Backup health").contains("Capacity and cost advisor")
                .contains("tier M0").doesNotContain("<script");
        assertThat(html.split("<section", -1).length - 1).isEqualTo(html.split("</section>", -1).length - 1);
        // it never touched the user's own database, and it ended: no state file, no running demo
        assertThat(run.all()).doesNotContain("127.0.0.1:1/").doesNotContain("users_real_db");
        assertThat(dir.resolve("demo/repo/prodguard-repo.json")).exists();
        assertThat(dir.resolve("demo/" + DemoState.FILE_NAME)).doesNotExist();
        assertThat(Files.readString(dir.resolve("demo/prodguard.yml"))).contains("invariants:").contains("books balance");
        assertThat(Files.readString(dir.resolve("demo/.env"))).contains("DB_NAME=coinhubx_production")
                .containsPattern("MONGO_URL=mongodb://127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void badUsersCountIsAUsageError() {
        CliRun run = CliRun.run(Map.of(), dir, "demo", "--users", "0");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--users 0 is out of range");
    }
}
