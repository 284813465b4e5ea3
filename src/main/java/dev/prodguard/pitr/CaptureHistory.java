package dev.prodguard.pitr;

import dev.prodguard.capture.CaptureState;
import dev.prodguard.capture.GapManifest;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.RestoreWindow;
import dev.prodguard.restore.RestoreWindows;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Loads from a repository what {@link CaptureTimeline} computes on: snapshots, anchors, segments and gaps of a database. */
public final class CaptureHistory {
    /** Restorable windows and gaps of every captured database, for {@code status}. */
    public static final RestoreWindows.Source WINDOWS = repo -> {
        List<RestoreWindow> out = new ArrayList<>();
        for (String db : capturedDatabases(repo)) {
            out.addAll(load(repo, db).windows());
        }
        return out;
    };

    private CaptureHistory() {}

    /** The capture status record of a database, or null when capture never ran for it. */
    public static CaptureState state(Repository repo, String db) {
        byte[] rec = repo.getRecord(CaptureState.record(db));
        return rec == null ? null : CaptureState.fromJson(rec);
    }

    /** The timeline of {@code db} as the repository holds it now. */
    public static CaptureTimeline load(Repository repo, String db) {
        List<SnapshotManifest> snapshots = new ArrayList<>();
        for (SnapshotManifest m : new SnapshotCatalog(repo).all()) {
            if (m.db().equals(db) && !m.isSafety()) { // a safety snapshot is never a point-in-time base
                snapshots.add(m);
            }
        }
        List<SnapshotAnchor> anchors = new ArrayList<>();
        Set<String> anchorIds = Set.copyOf(repo.listManifests(SnapshotAnchor.KIND));
        for (SnapshotManifest m : snapshots) {
            if (anchorIds.contains(m.id())) {
                anchors.add(SnapshotAnchor.fromJson(repo.readManifest(SnapshotAnchor.KIND, m.id())));
            }
        }
        List<GapManifest> gaps = new ArrayList<>();
        for (String id : repo.listManifests(GapManifest.KIND)) {
            if (id.startsWith(db + "-")) {
                GapManifest g = GapManifest.fromJson(repo.readManifest(GapManifest.KIND, id));
                if (g.database().equals(db)) {
                    gaps.add(g);
                }
            }
        }
        return new CaptureTimeline(db, snapshots, anchors, SegmentReader.list(repo, db), gaps, SegmentReader.tip(repo, db));
    }

    /** The databases with committed change segments. */
    public static Set<String> capturedDatabases(Repository repo) {
        Set<String> out = new TreeSet<>();
        for (String id : repo.listManifests(SegmentManifest.KIND)) {
            if (id.length() > 13 && id.charAt(id.length() - 13) == '-') {
                out.add(id.substring(0, id.length() - 13));
            }
        }
        return out;
    }
}
