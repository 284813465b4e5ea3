package dev.prodguard.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.prodguard.testing.CliRun;
import dev.prodguard.testing.Subprocess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --keep} as a real JVM, and {@code demo wipe} from another process: the traffic pauses
 * through the demo folder, the guardian's alert is read from its store, and SIGTERM stops the demo
 * cleanly with exit 0 and no state file left behind.
 */
class DemoKeepSigtermTest {
    @TempDir
    Path dir;

    @Test
    @Tag("slow") // two JVMs: about a minute on a loaded machine; DemoKeepTest covers the same flow in process
    void wipeFromAnotherProcessThenSigtermStopsCleanly() throws Exception {
        Map<String, String> env = Map.of("PRODGUARD_DEMO_DIR", "demo");
        Path log = dir.resolve("keep.log");
        Process p = Subprocess.prodguard(env, dir, List.of("-Xmx256m"), "demo", "--keep", "--users", "10")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(120))
                    .until(() -> Files.exists(dir.resolve("demo").resolve(DemoState.FILE_NAME)) || !p.isAlive());
            assertThat(p.isAlive()).as(() -> read(log)).isTrue();
            assertThat(DemoState.readRunning(dir.resolve("demo")).pid()).isEqualTo(p.pid());

            CliRun wipe = CliRun.run(env, dir, "demo", "wipe");
            assertThat(wipe.exitCode).as(wipe + "\n--- demo\n" + read(log)).isZero();
            assertThat(wipe.out).containsPattern("guardian: Wipe detected: \\d+ collections of coinhubx_production");
            await().atMost(Duration.ofSeconds(10)).until(() -> read(log).contains("ALERT CRITICAL [wipe-detected]"));

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(() -> read(log)).isTrue();
            assertThat(p.exitValue()).as(() -> read(log)).isZero();
            assertThat(read(log)).contains("prodguard demo: stopped cleanly");
            assertThat(dir.resolve("demo").resolve(DemoState.FILE_NAME)).doesNotExist();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
