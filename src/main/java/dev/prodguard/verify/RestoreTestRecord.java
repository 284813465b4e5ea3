package dev.prodguard.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the last restore test's outcome is kept: the repository's {@code verify/last} record, or, when the
 * repository cannot be written (a read-only mount, WORM storage, read-only credentials), the file
 * {@code verify-last.json} in the state directory. Readers take the newer of the two.
 */
public final class RestoreTestRecord {
    /** The state directory's file, used when the repository refuses the record. */
    public static final String FILE = "verify-last.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RestoreTestRecord() {}

    /** Where a record went: null {@code problem} when stored ({@code where} says where), else why it was not. */
    public record Stored(String where, String problem) {}

    /** Stores the record in the repository, or in {@code stateDir} (null: nowhere else) when the repository cannot take it. */
    static Stored store(Repository repo, Path stateDir, byte[] json) {
        try {
            repo.putRecord(RestoreTester.RECORD, json);
            return new Stored("the backup repository", null);
        } catch (ProdguardException e) {
            if (e.code() != ErrorCode.STORAGE || stateDir == null) {
                throw e;
            }
            Path file = stateDir.resolve(FILE);
            String why = "could not be stored in the backup repository (" + e.getMessage() + ")";
            try {
                Files.createDirectories(stateDir);
                Path temp = Files.createTempFile(stateDir, ".verify-last", ".tmp");
                Files.write(temp, json);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return new Stored(file.toString(), why + "; kept in " + file + " instead (status shows it)");
            } catch (IOException io) {
                return new Stored(null, why + ", nor in " + file + " (" + io.getMessage() + "); the outcome above is"
                        + " not recorded");
            }
        }
    }

    /** The newer of the repository's record and the state directory's file (by its {@code at}), or null. */
    public static JsonNode newest(Repository repo, Path stateDir) throws IOException {
        byte[] rec = repo.getRecord(RestoreTester.RECORD);
        JsonNode inRepo = rec == null ? null : JSON.readTree(rec);
        Path file = stateDir == null ? null : stateDir.resolve(FILE);
        JsonNode local = file != null && Files.isRegularFile(file) ? JSON.readTree(Files.readAllBytes(file)) : null;
        if (inRepo == null || local == null) {
            return inRepo != null ? inRepo : local;
        }
        return at(local).isAfter(at(inRepo)) ? local : inRepo;
    }

    private static java.time.Instant at(JsonNode record) {
        try {
            return java.time.Instant.parse(record.path("at").asText());
        } catch (java.time.format.DateTimeParseException e) {
            return java.time.Instant.MIN;
        }
    }
}
