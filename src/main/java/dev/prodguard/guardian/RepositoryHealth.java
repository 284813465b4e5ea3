package dev.prodguard.guardian;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.CaptureTip;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.verify.RestoreTester;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.bson.BsonTimestamp;

/**
 * What the repository says about protection, read fresh on every call (so it holds whether capture,
 * backups and restore tests run inside the guardian or as separate processes): the newest committed
 * change segment of a database, its newest snapshot, the last restore test and the free space of the
 * storage. Reads manifests and records only, never data objects.
 */
public final class RepositoryHealth {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Repository repo;

    /** Reads {@code repo}; the caller keeps it open. */
    public RepositoryHealth(Repository repo) {
        this.repo = repo;
    }

    /**
     * The newest committed change segment of a database and how far behind it was when committed.
     *
     * @param committedAt when capture committed it (prodguard's clock)
     * @param changesUpTo the newest change it holds: its last event's wall time, else its position's cluster time
     * @param state the capture status record ({@code capture/<db>}), null when capture never wrote one
     */
    public record CaptureFacts(long seq, Instant committedAt, Instant changesUpTo, CaptureState state) {
        /** How far the newest change was behind its commit (zero when unknown or the clocks disagree). */
        public Duration behind() {
            if (changesUpTo == null || committedAt == null || changesUpTo.isAfter(committedAt)) {
                return Duration.ZERO;
            }
            return Duration.between(changesUpTo, committedAt);
        }
    }

    /** The last restore test as {@code verify/last} records it. */
    public record RestoreTestFacts(String at, Instant atInstant, boolean ok, String snapshotId, String problems) {}

    /** Free and total bytes of the storage's filesystem; {@link #known()} is false for backends that cannot tell. */
    public record Capacity(long usableBytes, long totalBytes) {
        /** Whether the backend reported both numbers. */
        public boolean known() {
            return usableBytes >= 0 && totalBytes > 0;
        }

        /** Free share in percent (0-100). */
        public double freePct() {
            return 100.0 * usableBytes / totalBytes;
        }
    }

    /** Where the repository is, for messages. */
    public String location() {
        return repo.location();
    }

    /**
     * The newest committed segment of {@code db} (or the capture tip that extends it, when capture
     * committed an idle stretch there) with the capture status record, or null when no change of it was
     * ever committed. Reads one manifest (ids sort by sequence) and the tip record.
     */
    public CaptureFacts capture(String db) {
        String prefix = db + "-";
        List<String> ids = repo.listManifests(SegmentManifest.KIND);
        for (int i = ids.size() - 1; i >= 0; i--) {
            String id = ids.get(i);
            if (id.startsWith(prefix) && id.length() == prefix.length() + 12) {
                SegmentManifest m = SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, id));
                CaptureTip tip = SegmentReader.tip(repo, db);
                if (tip != null && tip.extendsSegment(m.seq()) && tip.committedAt().isAfter(m.committedAt())) {
                    // an idle database: capture advances the tip instead of writing empty segments
                    BsonTimestamp t = tip.position().clusterTime();
                    return new CaptureFacts(m.seq(), tip.committedAt(), Instant.ofEpochSecond(t.getTime()),
                            CaptureHistory.state(repo, db));
                }
                return new CaptureFacts(m.seq(), m.committedAt(), changesUpTo(m), CaptureHistory.state(repo, db));
            }
        }
        return null;
    }

    private static Instant changesUpTo(SegmentManifest m) {
        if (m.lastWallTime() != null) {
            return m.lastWallTime();
        }
        BsonTimestamp t = m.position() == null ? null : m.position().clusterTime();
        return t == null ? null : Instant.ofEpochSecond(t.getTime());
    }

    /** The newest committed snapshot of {@code db}, or null when there is none. Reads manifests newest first. */
    public SnapshotManifest newestSnapshot(String db) {
        SnapshotCatalog catalog = new SnapshotCatalog(repo);
        List<String> ids = catalog.ids();
        for (int i = ids.size() - 1; i >= 0; i--) {
            SnapshotManifest m = catalog.load(ids.get(i));
            if (m.db().equals(db)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The last restore test, or null when none was recorded.
     *
     * @throws ProdguardException REPOSITORY when the record is unreadable
     */
    public RestoreTestFacts lastRestoreTest() {
        byte[] rec = repo.getRecord(RestoreTester.RECORD);
        if (rec == null) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(rec);
            String at = n.path("at").asText("");
            StringBuilder problems = new StringBuilder();
            if (n.path("nothingToTest").asBoolean(false)) {
                append(problems, "nothing to test: the snapshot holds no collection (is DB_NAME empty or mistyped?)");
            }
            for (JsonNode c : n.path("collections")) {
                if (!c.path("ok").asBoolean(true)) {
                    append(problems, "collection " + c.path("name").asText() + ": " + c.path("actualDocuments").asLong()
                            + " of " + c.path("expectedDocuments").asLong() + " document(s)"
                            + (c.path("expectedHash").asText().equals(c.path("actualHash").asText()) ? ""
                                    : ", content differs"));
                }
            }
            for (JsonNode inv : n.path("invariants")) {
                if (!inv.path("ok").asBoolean(true)) {
                    append(problems, "invariant " + inv.path("name").asText() + " failed");
                }
            }
            return new RestoreTestFacts(at, Instant.parse(at), n.path("ok").asBoolean(false),
                    n.path("snapshotId").asText(null), problems.toString());
        } catch (IOException | DateTimeParseException e) {
            throw ProdguardException.repository("the restore-test record " + RestoreTester.RECORD + " in "
                    + repo.location() + " is unreadable (" + e.getClass().getSimpleName() + "); run 'prodguard verify"
                    + " --restore' again to rewrite it", e);
        }
    }

    private static void append(StringBuilder sb, String s) {
        if (sb.length() < 500) {
            sb.append(sb.length() == 0 ? "" : "; ").append(s);
        }
    }

    /** Free and total space of the repository's storage ({@code -1}s when the backend cannot tell). */
    public Capacity capacity() {
        try {
            return new Capacity(repo.storage().usableSpace(), repo.storage().totalSpace());
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot read the free space of " + repo.location() + ": "
                    + e.getMessage() + "; check that the repository's filesystem is mounted", e);
        }
    }
}
