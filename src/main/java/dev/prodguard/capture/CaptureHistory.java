package dev.prodguard.capture;

import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Loads from a repository what {@link CaptureTimeline} computes on: snapshots, anchors, segments and gaps of a database. */
public final class CaptureHistory {
    private CaptureHistory() {}

    /** Restorable windows and gaps of every captured database, for {@code status}. */
    public static List<RestoreWindow> windows(Repository repo) {
        return windows(repo, null);
    }

    /** {@link #windows(Repository)}, reading segment manifests through {@code memo} (null: read them all). */
    public static List<RestoreWindow> windows(Repository repo, SegmentMemo memo) {
        List<RestoreWindow> out = new ArrayList<>();
        for (String db : SegmentReader.databases(repo)) {
            out.addAll(load(repo, db, memo).windows());
        }
        return out;
    }

    /**
     * The timeline of {@code db} as the repository holds it now. Damage elsewhere does not stop it, and never
     * makes it claim more than is there: an unreadable snapshot manifest (or another database's) is left out;
     * an unreadable anchor leaves its snapshot anchored by time; an unreadable gap manifest still ends its run
     * (its id names the segment it follows); a wrong repository key still fails.
     */
    public static CaptureTimeline load(Repository repo, String db) {
        return load(repo, db, null);
    }

    /** {@link #load(Repository, String)}, reading segment manifests through {@code memo} (null: read them all). */
    public static CaptureTimeline load(Repository repo, String db, SegmentMemo memo) {
        SnapshotCatalog catalog = new SnapshotCatalog(repo);
        List<SnapshotManifest> snapshots = new ArrayList<>();
        for (String id : catalog.ids()) {
            SnapshotManifest m = readable(() -> catalog.load(id));
            if (m != null && m.db().equals(db) && !m.isSafety()) { // a safety snapshot is never a point-in-time base
                snapshots.add(m);
            }
        }
        List<SnapshotAnchor> anchors = new ArrayList<>();
        Set<String> anchorIds = Set.copyOf(repo.listManifests(SnapshotAnchor.KIND));
        for (SnapshotManifest m : snapshots) {
            if (anchorIds.contains(m.id())) {
                SnapshotAnchor a = readable(() -> SnapshotAnchor.fromJson(repo.readManifest(SnapshotAnchor.KIND, m.id())));
                if (a != null) {
                    anchors.add(a);
                }
            }
        }
        List<GapManifest> gaps = new ArrayList<>();
        for (String id : SegmentReader.gapIds(repo, db)) {
            GapManifest g = readable(() -> GapManifest.fromJson(repo.readManifest(GapManifest.KIND, id)));
            if (g == null) {
                g = unreadableGap(db, id);
            }
            if (g.database().equals(db)) {
                gaps.add(g);
            }
        }
        // the tip before the segments: capture writes a tip only after the segment it follows, so every segment a tip read
        // first names is in the list read after it (one that is not is lost, a hole), while a segment committed meanwhile
        // only makes the tip stale (ignored)
        CaptureTip tip = SegmentReader.tip(repo, db);
        return new CaptureTimeline(db, snapshots, anchors, memo == null ? SegmentReader.list(repo, db) : memo.list(repo, db), gaps,
                tip);
    }

    /** A gap whose manifest cannot be read, from its id: it still ends its run. */
    private static GapManifest unreadableGap(String db, String id) {
        SegmentReader.GapId g = SegmentReader.GapId.parse(id);
        return new GapManifest(db, g.afterSeq(), null, null, g.to(), "the gap manifest " + id + " cannot be read (damaged); the"
                + " history after segment " + g.afterSeq() + " is not continuous; run 'prodguard verify'");
    }

    /** The value, or null when its manifest is damaged (REPOSITORY); a wrong key (KEY) still throws. */
    private static <T> T readable(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (dev.prodguard.error.ProdguardException e) {
            if (e.code() == dev.prodguard.error.ErrorCode.KEY) {
                throw e;
            }
            return null;
        } catch (RuntimeException e) { // a valid envelope that is not the JSON expected
            return null;
        }
    }

}
