package dev.prodguard.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control files through which {@code demo wipe} and a running {@code demo --keep} talk. CI once saw
 * {@code demo wipe} read the traffic's answer in the instant between its creation and its first byte
 * ("For input string: \"\"", exit 9): an answer is read only once whole.
 */
class DemoControlFilesTest {
    @TempDir
    Path dir;

    @Test
    void anAnswerSeenBeforeItsContentIsWaitedForNotMisread() throws Exception {
        Path request = dir.resolve(DemoTraffic.PAUSE_FILE);
        Path answer = dir.resolve(DemoTraffic.PAUSED_FILE);
        // the traffic's side, slowed down: the answer exists empty for a moment before its number is written
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            try {
                Instant deadline = Instant.now().plusSeconds(10);
                while (!Files.exists(request) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(5);
                }
                Files.writeString(answer, "", StandardCharsets.UTF_8);
                Thread.sleep(300);
                Files.writeString(answer, "42", StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int transfers = DemoWipe.pauseTraffic(dir, Duration.ofSeconds(10));
        traffic.join();
        assertThat(transfers).isEqualTo(42);
    }
}
