package dev.prodguard.restore;

import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a repository can restore, for {@code status} and the dashboard. Each {@link Source} adds its
 * windows: snapshots contribute their instants; change capture adds its windows and gaps as another source.
 */
public final class RestoreWindows {
    /** One kind of restorable history in a repository. */
    public interface Source {
        /** The windows this source makes restorable (or the gaps it knows of), in any order. */
        List<RestoreWindow> windows(Repository repo);
    }

    /** Snapshot instants: each committed snapshot is restorable as of its finish time (safety snapshots labelled so). */
    public static final Source SNAPSHOTS = repo -> {
        List<RestoreWindow> out = new ArrayList<>();
        for (SnapshotManifest m : new SnapshotCatalog(repo).all()) {
            out.add(new RestoreWindow(m.isSafety() ? "safety snapshot" : "snapshot", m.finishedAt(), m.finishedAt(), m.id(),
                    m.db()));
        }
        return out;
    };

    private RestoreWindows() {}

    /** Every window of every source, ordered by start. */
    public static List<RestoreWindow> of(Repository repo, List<Source> sources) {
        List<RestoreWindow> all = new ArrayList<>();
        for (Source s : sources) {
            all.addAll(s.windows(repo));
        }
        all.sort(BY_START);
        return all;
    }

    /** Orders windows by their start instant (ISO strings of different precision do not sort as text). */
    public static final Comparator<RestoreWindow> BY_START = Comparator.comparing(w -> startOf(w));

    private static java.time.Instant startOf(RestoreWindow w) {
        try {
            return java.time.Instant.parse(w.from());
        } catch (RuntimeException e) {
            return java.time.Instant.EPOCH;
        }
    }

    /** The windows of the sources built so far (snapshots). */
    public static List<RestoreWindow> of(Repository repo) {
        return of(repo, List.of(SNAPSHOTS));
    }
}
