package dev.prodguard.verify;

import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.retention.RetentionPolicy;
import dev.prodguard.snapshot.BsonStream;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.ContentHash;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies everything a restore could ever read. Every stored object of the chosen snapshots: the repository
 * checks each object's hash, size and authentication as it streams; this class re-splits the BSON documents
 * and checks each collection's document count, raw size and content hash against its manifest. When every
 * snapshot is verified, also the captured history of every database ({@link HistoryVerifier}) and what
 * names what ({@link References}): each problem says which restore points it affects.
 */
public final class RepositoryVerifier {
    private static final java.util.regex.Pattern RUN_VERIFY = java.util.regex.Pattern.compile(
            "(; it cannot be trusted)? ?[;(]? ?run [`']prodguard verify[`']( for a full report| to see what is damaged)?\\)?$");

    private final Repository repo;
    private Clock clock = Clock.systemUTC();
    private Duration changesKept = RetentionPolicy.defaults().changes();

    public RepositoryVerifier(Repository repo) {
        this.repo = repo;
    }

    /**
     * The clock and the point-in-time window retention keeps ({@code retention.changes}): the history of a
     * snapshot finished inside it must be there; older history may have been pruned.
     */
    public RepositoryVerifier retention(Clock clock, Duration changesKept) {
        this.clock = clock;
        this.changesKept = changesKept;
        return this;
    }

    /** Verifies one snapshot ("latest" or an id), or everything when {@code snapshot} is null. */
    public VerifyReport verify(String snapshot) {
        return verify(snapshot, null);
    }

    /** Verifies one snapshot ("latest" of {@code db}, or an id), or everything when {@code snapshot} is null. */
    public VerifyReport verify(String snapshot, String db) {
        long start = System.nanoTime();
        SnapshotCatalog catalog = new SnapshotCatalog(repo);
        List<String> ids = snapshot == null ? catalog.ids()
                : List.of((db == null ? catalog.resolve(snapshot) : catalog.resolve(snapshot, db)).id());
        Map<String, SnapshotManifest> manifests = new LinkedHashMap<>();
        Map<String, List<Problem>> bySnapshot = new LinkedHashMap<>();
        Set<String> referenced = new HashSet<>();
        long[] counts = new long[3]; // objects, documents, raw bytes
        for (String id : ids) {
            List<Problem> found = bySnapshot.computeIfAbsent(id, k -> new ArrayList<>());
            try {
                SnapshotManifest m = catalog.load(id);
                manifests.put(id, m);
                verifySnapshot(m, found, referenced, counts);
            } catch (ProdguardException e) {
                rethrowKey(e);
                found.add(new Problem(Problem.SNAPSHOT, null, HistoryVerifier.manifestKey(SnapshotManifest.KIND, id),
                        reason(e), List.of()));
            }
        }
        List<Problem> problems = new ArrayList<>();
        List<String> notices = new ArrayList<>();
        int segments = 0;
        long events = 0;
        Map<String, RestorePoints> points = new LinkedHashMap<>();
        References refs = null;
        if (snapshot == null) {
            refs = new References(repo, manifests);
            for (String d : refs.capturedDatabases()) {
                List<SnapshotManifest> regular = manifests.values().stream().filter(m -> m.db().equals(d) && !m.isSafety()).toList();
                List<SnapshotAnchor> anchors = refs.anchorsOf(d);
                HistoryVerifier.Result r = new HistoryVerifier(repo, d, regular, anchors, refs.anchorIds(), this::historyKept)
                        .run();
                segments += r.segments();
                events += r.events();
                problems.addAll(r.problems());
                notices.addAll(r.notices());
                points.put(d, r.points());
            }
        }
        List<Problem> all = new ArrayList<>();
        bySnapshot.forEach((id, found) -> found.forEach(p -> all.add(withAffects(p, manifests.get(id), id, points))));
        all.addAll(problems);
        int unreferenced = 0;
        if (refs != null) {
            all.addAll(refs.problems(points));
            notices.addAll(refs.notices());
            unreferenced = refs.unreferencedSnapshotObjects(referenced);
        }
        return new VerifyReport(ids.size(), (int) counts[0], counts[1], counts[2], points.size(), segments, events, all, notices,
                unreferenced, (System.nanoTime() - start) / 1_000_000);
    }

    /** A snapshot problem with the restore points it affects: the snapshot itself, and the point-in-time restores from it. */
    private static Problem withAffects(Problem p, SnapshotManifest m, String id, Map<String, RestorePoints> points) {
        List<String> affects = new ArrayList<>();
        affects.add("snapshot " + id + " and restores based on it");
        if (m == null) {
            affects.add("every point-in-time restore (restore --to reads every snapshot manifest and refuses while one"
                    + " cannot be read)");
        } else if (!m.isSafety() && points.containsKey(m.db())) {
            affects.addAll(points.get(m.db()).forSnapshot(m));
        }
        return new Problem(p.kind(), p.object(), p.manifest(), p.message(), affects);
    }

    /**
     * Whether retention keeps the captured history a snapshot needs: it finished inside the point-in-time window,
     * or it is the newest snapshot finished before the window with no gap after it (the window's base).
     */
    private boolean historyKept(SnapshotManifest s, List<SnapshotManifest> all, List<GapManifest> gaps) {
        Instant windowStart = clock.instant().minus(changesKept);
        if (s.finished().isAfter(windowStart)) {
            return true;
        }
        for (SnapshotManifest o : all) {
            if (o != s && o.finished().isAfter(s.finished()) && !o.finished().isAfter(windowStart)) {
                return false;
            }
        }
        return gaps.stream().noneMatch(g -> g.to().isAfter(s.finished()) && !g.to().isAfter(windowStart));
    }

    private void verifySnapshot(SnapshotManifest m, List<Problem> found, Set<String> referenced, long[] counts) {
        String manifestKey = HistoryVerifier.manifestKey(SnapshotManifest.KIND, m.id());
        for (CollectionEntry c : m.collections()) {
            ContentHash hash = ContentHash.forFormat(m.format());
            long collRaw = 0;
            boolean sound = true;
            for (ObjectRef ref : c.objects()) {
                counts[0]++;
                referenced.add(ref.key());
                try {
                    collRaw += readObject(ref, hash);
                } catch (ProdguardException e) {
                    rethrowKey(e);
                    found.add(new Problem(Problem.SNAPSHOT_OBJECT, ref.key(), manifestKey, reason(e), List.of()));
                    sound = false;
                } catch (IOException e) {
                    found.add(new Problem(Problem.SNAPSHOT_OBJECT, ref.key(), manifestKey, "stored object " + ref.key()
                            + " cannot be read: " + e.getMessage(), List.of()));
                    sound = false;
                }
            }
            counts[1] += hash.documents();
            counts[2] += collRaw;
            if (sound) {
                String mismatch = compare(c, hash, collRaw);
                if (mismatch != null) {
                    found.add(new Problem(Problem.SNAPSHOT, null, manifestKey, "snapshot " + m.id() + ": " + mismatch, List.of()));
                }
            }
        }
    }

    private long readObject(ObjectRef ref, ContentHash hash) throws IOException {
        try (InputStream in = repo.openObject(ref)) {
            BsonStream docs = new BsonStream(in, ref.key());
            byte[] d;
            while ((d = docs.next()) != null) {
                hash.add(d, 0, d.length);
            }
            if (docs.offset() != ref.rawBytes()) {
                throw ProdguardException.repository("stored object " + ref.key() + " holds " + docs.offset()
                        + " raw bytes but its manifest records " + ref.rawBytes());
            }
            return docs.offset();
        }
    }

    private static String compare(CollectionEntry c, ContentHash hash, long raw) {
        if (hash.documents() != c.documents()) {
            return "collection " + c.name() + " holds " + hash.documents() + " document(s) but its manifest records "
                    + c.documents();
        }
        if (raw != c.rawBytes()) {
            return "collection " + c.name() + " holds " + raw + " raw bytes but its manifest records " + c.rawBytes();
        }
        if (!hash.hex().equals(c.contentHash())) {
            return "collection " + c.name() + " content hash " + hash.hex() + " differs from its manifest's "
                    + c.contentHash();
        }
        return null;
    }

    /** An error's message without the advice to run verify (this is verify). */
    static String reason(ProdguardException e) {
        return RUN_VERIFY.matcher(e.getMessage()).replaceAll("");
    }

    static void rethrowKey(ProdguardException e) {
        if (e.code() == ErrorCode.KEY || e.code() == ErrorCode.INTERRUPTED) {
            throw e;
        }
    }
}
