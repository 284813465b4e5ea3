package dev.prodguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prodguard.error.ErrorCode;
import dev.prodguard.testing.CliRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that cannot be reached reads as one plain line with the cause and the remedy (issue 13 point 7),
 * never the driver's "Timed out while waiting for a server that matches ReadPreferenceServerSelector{...}":
 * a closed port, and a port that accepts connections but never answers. The driver's text only with --verbose.
 */
class ConnectionFailureTextTest {
    @TempDir
    Path dir;

    private final List<Socket> accepted = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Socket s : accepted) {
            s.close();
        }
    }

    private Map<String, String> env(int port) {
        return Map.of("MONGO_URL", "mongodb://127.0.0.1:" + port + "/", "DB_NAME", "shop",
                "PRODGUARD_REPO", dir.resolve("repo").toString(), "PRODGUARD_STATE_DIR", dir.resolve("state").toString(),
                "PRODGUARD_CONNECT_TIMEOUT_MS", "700");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void backupAgainstAClosedPortSaysConnectionRefusedAndWhatToDo() throws Exception {
        int port = closedPort();
        CliRun r = CliRun.run(env(port), dir, "backup");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(ErrorCode.CONNECTION.exitCode());
        assertThat(r.err.strip().lines()).as(r.toString()).hasSize(1);
        assertThat(r.err).contains("no server answered at 127.0.0.1:" + port + " (connection refused)")
                .contains("ensure the cluster is running").contains("nothing was committed");
        assertThat(r.all()).doesNotContain("ReadPreferenceServerSelector").doesNotContain("Timed out while waiting")
                .doesNotContain("Client view of cluster state").doesNotContain("Exception");

        CliRun verbose = CliRun.run(env(port), dir, "backup", "--verbose");
        assertThat(verbose.err).as("the driver's text with --verbose").contains("Timed out");
    }

    @Test
    void backupAgainstAPortThatAcceptsButNeverAnswersSaysSo() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (!silent.isClosed()) {
                        accepted.add(silent.accept()); // accept, read nothing, answer nothing
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            CliRun r = CliRun.run(env(silent.getLocalPort()), dir, "backup");
            assertThat(r.exitCode).as(r.toString()).isEqualTo(ErrorCode.CONNECTION.exitCode());
            assertThat(r.err.strip().lines()).as(r.toString()).hasSize(1);
            assertThat(r.err).contains("no server answered at 127.0.0.1:" + silent.getLocalPort());
            assertThat(r.all()).doesNotContain("ReadPreferenceServerSelector").doesNotContain("Timed out while waiting")
                    .doesNotContain("Exception");
        }
    }
}
