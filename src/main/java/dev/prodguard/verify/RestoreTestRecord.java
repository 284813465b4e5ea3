package dev.prodguard.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.config.PrivateFiles;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The last restore test's outcome, and the one reader and writer of where it is kept: the repository's
 * {@code verify/last} record, or, when the repository cannot be written (a read-only mount, WORM storage,
 * read-only credentials), the file {@code verify-last.json} in the state directory. Readers take the newer
 * of the two. {@code json} is the record as written ({@code status --json} prints it unchanged).
 *
 * @param at when the test ran, null when the record's {@code at} is not an instant
 */
public record RestoreTestRecord(JsonNode json, String atText, Instant at, boolean ok, boolean nothingToTest,
        String snapshotId) {
    /** The repository record {@code prodguard verify --restore} writes. */
    public static final String RECORD = "verify/last";
    /** The state directory's file, used when the repository refuses the record. */
    public static final String FILE = "verify-last.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record whose bytes are not the JSON object a restore test writes: REPOSITORY, naming the record. */
    public static final class Unreadable extends ProdguardException {
        private static final long serialVersionUID = 1L;
        private final String why;

        Unreadable(String where, String why, Throwable cause) {
            super(ErrorCode.REPOSITORY, "the restore-test record " + where + " is unreadable (" + why + "); run"
                    + " 'prodguard verify --restore' again to rewrite it", cause);
            this.why = why;
        }

        /** What is wrong with the bytes ("not a JSON object", ...). */
        public String why() {
            return why;
        }
    }

    /** Where a record went: null {@code problem} when stored ({@code where} says where), else why it was not. */
    public record Stored(String where, String problem) {}

    /** What failed in words ("collection x: 3 of 4 document(s)", ...), empty when the test passed. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (nothingToTest) {
            out.add("nothing to test: the snapshot holds no collection (is DB_NAME empty or mistyped?)");
        }
        for (JsonNode c : json.path("collections")) {
            if (!c.path("ok").asBoolean(true)) {
                out.add("collection " + c.path("name").asText() + ": " + c.path("actualDocuments").asLong() + " of "
                        + c.path("expectedDocuments").asLong() + " document(s)"
                        + (c.path("expectedHash").asText().equals(c.path("actualHash").asText()) ? "" : ", content differs"));
            }
        }
        for (JsonNode inv : json.path("invariants")) {
            if (!inv.path("ok").asBoolean(true)) {
                out.add("invariant " + inv.path("name").asText() + " failed");
            }
        }
        return out;
    }

    /** The outcome in one word: PASSED, FAILED or NOTHING TO TEST. */
    public String outcome() {
        return nothingToTest ? "NOTHING TO TEST" : ok ? "PASSED" : "FAILED";
    }

    /**
     * The repository's record, or null when no restore test recorded one.
     *
     * @throws Unreadable when the record is not a restore test's JSON object; ProdguardException REPOSITORY or KEY
     *     when the repository cannot give it
     */
    public static RestoreTestRecord read(Repository repo) {
        byte[] rec = repo.getRecord(RECORD);
        return rec == null ? null : parse(rec, RECORD + " in " + repo.location());
    }

    /** The newer of the repository's record and the state directory's file (by {@code at}), or null. */
    public static RestoreTestRecord newest(Repository repo, Path stateDir) {
        RestoreTestRecord inRepo = read(repo);
        Path file = stateDir == null ? null : stateDir.resolve(FILE);
        RestoreTestRecord local = null;
        if (file != null && Files.isRegularFile(file)) {
            try {
                local = parse(Files.readAllBytes(file), file.toString());
            } catch (IOException e) {
                throw new Unreadable(file.toString(), e.getMessage(), e);
            }
        }
        if (inRepo == null || local == null) {
            return inRepo != null ? inRepo : local;
        }
        return instant(local).isAfter(instant(inRepo)) ? local : inRepo;
    }

    private static Instant instant(RestoreTestRecord r) {
        return r.at() == null ? Instant.MIN : r.at();
    }

    static RestoreTestRecord parse(byte[] bytes, String where) {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new Unreadable(where, "not valid JSON: " + e.getClass().getSimpleName(), e);
        }
        if (n == null || !n.isObject()) {
            throw new Unreadable(where, "not a JSON object", null);
        }
        String atText = n.path("at").asText("");
        Instant at;
        try {
            at = Instant.parse(atText);
        } catch (DateTimeParseException e) {
            at = null;
        }
        return new RestoreTestRecord(n, atText, at, n.path("ok").asBoolean(false), n.path("nothingToTest").asBoolean(false),
                n.path("snapshotId").asText(null));
    }

    /** Stores the record in the repository, or in {@code stateDir} (null: nowhere else) when the repository cannot take it. */
    static Stored store(Repository repo, Path stateDir, byte[] json) {
        try {
            repo.putRecord(RECORD, json);
            return new Stored("the backup repository", null);
        } catch (ProdguardException e) {
            if (e.code() != ErrorCode.STORAGE || stateDir == null) {
                throw e;
            }
            Path file = stateDir.resolve(FILE);
            String why = "could not be stored in the backup repository (" + e.getMessage() + ")";
            try {
                PrivateFiles.createDirectories(stateDir);
                PrivateFiles.replace(file, json);
                return new Stored(file.toString(), why + "; kept in " + file + " instead (status shows it)");
            } catch (IOException io) {
                return new Stored(null, why + ", nor in " + file + " (" + io.getMessage() + "); the outcome above is"
                        + " not recorded");
            }
        }
    }
}
