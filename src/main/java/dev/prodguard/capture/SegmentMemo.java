package dev.prodguard.capture;

import dev.prodguard.repo.Repository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The segment manifests of one repository already read, for a long-lived reader (the dashboard refreshes its
 * overview every few seconds while capture commits a few segments a second). A committed manifest never changes
 * (manifests are created only if absent), so each is read once; the repository's listing still decides which
 * exist, so a pruned segment drops out and a damaged one is asked again. Thread-safe.
 */
public final class SegmentMemo {
    private final Map<String, Map<String, SegmentManifest>> byDatabase = new HashMap<>();

    /** What {@link SegmentReader#list} returns, reading only the manifests this memo has not read before. */
    public synchronized List<SegmentManifest> list(Repository repo, String database) {
        Map<String, SegmentManifest> known = byDatabase.computeIfAbsent(database, d -> new HashMap<>());
        List<String> ids = SegmentReader.ids(repo, database);
        known.keySet().retainAll(new HashSet<>(ids));
        List<String> unknown = new ArrayList<>();
        for (String id : ids) {
            if (!known.containsKey(id)) {
                unknown.add(id);
            }
        }
        List<SegmentManifest> read = SegmentReader.read(repo, unknown);
        for (int i = 0; i < unknown.size(); i++) {
            if (read.get(i) != null) {
                known.put(unknown.get(i), read.get(i));
            }
        }
        List<SegmentManifest> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            SegmentManifest m = known.get(id);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }
}
