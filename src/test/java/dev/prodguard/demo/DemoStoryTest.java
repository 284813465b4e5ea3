package dev.prodguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.testing.CliRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end: seed, check, back up, wipe, restore, books balance. */
class DemoStoryTest {
    @TempDir
    Path dir;

    @Test
    void demoWipesAndRestoresTheExchangeWithBalancedBooks() {
        CliRun run = CliRun.run(Map.of("PRODGUARD_DEMO_DIR", "demo"), dir, "demo", "--users", "25");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out)
                .contains("doctor: all checks passed")
                .contains("FAIL host-loopback").contains("FAIL embedded-server")
                .contains("dropped coinhubx_production: 0 documents left")
                .containsPattern("restored (\\d+) of \\1 documents; books: books balance")
                .contains("restore test of snapshot").contains("PASSED")
                .contains("Done: wiped and restored, books balanced.");
        assertThat(dir.resolve("demo/repo/prodguard-repo.json")).exists();
    }

    @Test
    void demoNeverTouchesTheUsersOwnDatabase() {
        // a MONGO_URL pointing at a closed port: if the demo used it, doctor and backup would fail
        CliRun run = CliRun.run(Map.of("PRODGUARD_DEMO_DIR", "demo", "MONGO_URL", "mongodb://127.0.0.1:1/",
                "DB_NAME", "users_real_db"), dir, "demo", "--users", "5");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.all()).doesNotContain("127.0.0.1:1/").doesNotContain("users_real_db");
    }

    @Test
    void badUsersCountIsAUsageError() {
        CliRun run = CliRun.run(Map.of(), dir, "demo", "--users", "0");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--users 0 is out of range");
    }
}
