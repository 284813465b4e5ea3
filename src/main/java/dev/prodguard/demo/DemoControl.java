package dev.prodguard.demo;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** {@code prodguard demo stop}: asks the demo running from a folder to stop cleanly and waits for it. */
public final class DemoControl {
    /** Written by {@code demo stop}; the running demo stops when it sees it. */
    public static final String STOP_FILE = "demo.stop";
    /** How long a stop may take (the guardian commits capture and closes its stores). */
    public static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private DemoControl() {}

    /**
     * Asks the demo running from {@code dir} to stop and waits until it has.
     *
     * @throws ProdguardException REFUSED when no demo runs there; INTERNAL when it does not stop in time
     */
    public static DemoState stop(Path dir) {
        DemoState s = DemoState.readRunning(dir);
        try {
            Files.writeString(dir.resolve(STOP_FILE), Instant.now().toString());
            Instant deadline = Instant.now().plus(STOP_WAIT);
            while (Files.exists(dir.resolve(DemoState.FILE_NAME))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ProdguardException(ErrorCode.INTERNAL, "the demo (process " + s.pid() + ") did not stop within "
                            + STOP_WAIT.toSeconds() + " s; stop it with Ctrl-C in its terminal or 'kill " + s.pid() + "'");
                }
                Thread.sleep(100);
            }
            return s;
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write " + dir.resolve(STOP_FILE) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProdguardException(ErrorCode.INTERRUPTED, "interrupted while waiting for the demo to stop");
        }
    }

    /** Whether a stop was asked for in {@code dir}. */
    public static boolean stopRequested(Path dir) {
        return Files.exists(dir.resolve(STOP_FILE));
    }
}
