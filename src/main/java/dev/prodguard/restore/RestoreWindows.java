package dev.prodguard.restore;

import dev.prodguard.capture.RestoreWindow;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.util.ArrayList;
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
        all.sort(RestoreWindow.BY_START);
        return all;
    }

    /** The windows of the sources built so far (snapshots). */
    public static List<RestoreWindow> of(Repository repo) {
        return of(repo, List.of(SNAPSHOTS));
    }
}
