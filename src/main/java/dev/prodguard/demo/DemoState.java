package dev.prodguard.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.config.PrivateFiles;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The small file ({@value #FILE_NAME} in the demo folder) through which commands in a second terminal
 * find the running demo: its process, the embedded database's port and name, the repository and the
 * guardian's HTTP port. Written when the demo is up, removed when it stops.
 */
public record DemoState(long pid, int mongoPort, String db, Path repository, Path stateDir, int httpPort, Instant startedAt) {
    /** The state file's name. */
    public static final String FILE_NAME = "demo-state.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The embedded database's connection string (always loopback). */
    public String mongoUri() {
        return "mongodb://127.0.0.1:" + mongoPort;
    }

    /** Whether the process that wrote this file is still alive. */
    public boolean processAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Writes the file atomically into {@code dir}. */
    public void write(Path dir) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("pid", pid);
        o.put("mongoPort", mongoPort);
        o.put("db", db);
        o.put("repository", repository.toString());
        o.put("stateDir", stateDir.toString());
        o.put("httpPort", httpPort);
        o.put("startedAt", startedAt.toString());
        try {
            PrivateFiles.replace(dir.resolve(FILE_NAME), MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(o));
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot write " + dir.resolve(FILE_NAME) + ": " + e.getMessage()
                    + "; set PRODGUARD_DEMO_DIR to a writable folder");
        }
    }

    /**
     * Reads the state of the demo running from {@code dir}.
     *
     * @throws ProdguardException REFUSED when no demo is running there (no file, or its process is gone)
     */
    public static DemoState readRunning(Path dir) {
        Path f = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) {
            throw ProdguardException.refused("no demo is running from " + dir + " (no " + FILE_NAME + "); start one with"
                    + " './prodguard demo --keep' in another terminal (same PRODGUARD_DEMO_DIR)");
        }
        DemoState s;
        try {
            JsonNode n = MAPPER.readTree(Files.readString(f));
            s = new DemoState(n.path("pid").asLong(), n.path("mongoPort").asInt(), n.path("db").asText(),
                    Path.of(n.path("repository").asText()), Path.of(n.path("stateDir").asText()), n.path("httpPort").asInt(),
                    Instant.parse(n.path("startedAt").asText()));
        } catch (IOException | RuntimeException e) {
            throw ProdguardException.refused(f + " is not a demo state file (" + e.getMessage() + "); stop any running"
                    + " demo, delete the file and start './prodguard demo --keep' again");
        }
        if (!s.processAlive()) {
            throw ProdguardException.refused("no demo is running from " + dir + ": process " + s.pid() + " that wrote "
                    + FILE_NAME + " has ended; start one with './prodguard demo --keep'");
        }
        return s;
    }

    /** Removes the file from {@code dir} (no error when it is gone). */
    public static void remove(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE_NAME));
        } catch (IOException ignored) {
            // a stale file is caught by readRunning's process check
        }
    }
}
