package dev.prodguard.pitr;

import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.repo.Repository;
import java.time.Duration;
import java.util.List;

/**
 * Reads the captured history of a database for its wipes by drop ({@link DropBursts}): what
 * {@code restore --to before-last-drop} stops before is the first drop of the newest burst of drops of
 * the user's collections, whatever prodguard itself (doctor, capture, a restore) dropped since.
 */
public final class LastDrop {
    /** The default burst window: the wipe window's default (PRODGUARD_WIPE_WINDOW). */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);

    private LastDrop() {}

    /** Scans the given segments in order; the newest wipe by drop, or null when they hold none. */
    public static DropBursts.Burst find(Repository repo, List<SegmentManifest> segments, String db, Duration window) {
        DropBursts bursts = new DropBursts(db, window);
        for (SegmentManifest m : segments) {
            SegmentReader.read(repo, m, bursts::accept);
        }
        return bursts.last();
    }
}
