package dev.prodguard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prodguard.testing.CliRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --keep} and a second terminal: {@code demo wipe}, the printed restore command,
 * {@code demo books}, {@code demo stop} — each a separate CLI invocation that finds the running demo
 * through the demo folder's state file.
 */
class DemoKeepTest {
    @TempDir
    Path dir;

    @Test
    void secondTerminalWipesRestoresAndChecksTheBooksOfTheRunningDemo() throws Exception {
        Map<String, String> env = Map.of("PRODGUARD_DEMO_DIR", "demo");
        CompletableFuture<CliRun> keep = CompletableFuture.supplyAsync(() -> CliRun.run(env, dir, "demo", "--keep", "--users", "20"));
        Path demo = dir.resolve("demo");
        await().atMost(Duration.ofSeconds(120)).until(() -> demo.resolve(DemoState.FILE_NAME).toFile().exists() || keep.isDone());
        assertThat(keep.isDone()).as(() -> keep.join().toString()).isFalse();
        DemoState state = DemoState.readRunning(demo);
        try {
            // a second demo from the same folder is refused while this one runs
            CliRun second = CliRun.run(env, dir, "demo", "--users", "5");
            assertThat(second.exitCode).as(second.toString()).isEqualTo(8);
            assertThat(second.err).contains("a demo is already running from");

            CliRun books = CliRun.run(env, dir, "demo", "books");
            assertThat(books.exitCode).as(books.toString()).isZero();
            assertThat(books.out).contains("✓ invariant 'books balance").contains("books balance");

            CliRun wipe = CliRun.run(env, dir, "demo", "wipe");
            assertThat(wipe.exitCode).as(wipe.toString()).isZero();
            assertThat(wipe.out).containsPattern("traffic paused after \\d+ transfer\\(s\\); dropped coinhubx_production")
                    .doesNotContain("prodguard_heartbeat") // prodguard's own scratch collection is not "lost"
                    .containsPattern("guardian: Wipe detected: \\d+ collections of coinhubx_production were dropped")
                    .contains("restore point just before:")
                    .contains("capture has committed past the drop: the instant just before it is restorable");

            CliRun empty = CliRun.run(env, dir, "demo", "books");
            assertThat(empty.exitCode).as(empty.toString()).isEqualTo(1);
            assertThat(empty.out).contains("the exchange is empty").contains("books do NOT balance");

            // the restore command the demo prints, with the variables it spells out
            Map<String, String> pinned = new HashMap<>();
            pinned.put("MONGO_URL", state.mongoUri());
            pinned.put("DB_NAME", "coinhubx_production");
            pinned.put("PRODGUARD_REPO", "demo/repo");
            pinned.put("PRODGUARD_STATE_DIR", "demo/state");
            CliRun restore = CliRun.run(pinned, dir, "restore", "--to", "before-last-drop", "--target-db", "coinhubx_production",
                    "--force");
            assertThat(restore.exitCode).as(restore.toString()).isZero();
            assertThat(restore.out).containsPattern("just before the (dropDatabase|drop of \\d+ collections)\\)");

            CliRun after = CliRun.run(env, dir, "demo", "books");
            assertThat(after.exitCode).as(after.toString()).isZero();
            assertThat(after.out).contains("✓ books balance (6 assets)");
        } finally {
            CliRun stop = CliRun.run(env, dir, "demo", "stop");
            assertThat(stop.exitCode).as(stop.toString()).isZero();
        }
        CliRun kept = keep.get(90, TimeUnit.SECONDS);
        assertThat(kept.exitCode).as(kept.toString()).isZero();
        assertThat(kept.out).contains("./prodguard demo wipe")
                .contains("./prodguard restore --to before-last-drop --target-db coinhubx_production --force")
                .contains("MONGO_URL=" + state.mongoUri())
                .contains("ALERT CRITICAL [wipe-detected] Wipe detected:")
                .contains("prodguard demo: stopped cleanly");
        assertThat(demo.resolve(DemoState.FILE_NAME)).doesNotExist();
        // once stopped, the second terminal's commands are refused with a one-line error
        CliRun late = CliRun.run(env, dir, "demo", "wipe");
        assertThat(late.exitCode).isEqualTo(7);
        assertThat(late.err.strip()).startsWith("error: no demo is running from").doesNotContain("\n").doesNotContain("Exception");
    }
}
