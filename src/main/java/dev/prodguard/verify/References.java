package dev.prodguard.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prodguard.capture.CaptureHistory;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.capture.SnapshotAnchor;
import dev.prodguard.error.ErrorCode;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.Repository;
import dev.prodguard.retention.InventoryReader;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.text.Instants;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What names what across the repository: anchors name snapshots, the last restore test ({@code verify/last})
 * names a snapshot, snapshot objects live under {@code data/snapshots/<id>/}. A missing manifest that something
 * still names is damage; objects whose snapshot nothing names are reported for what they may be.
 */
final class References {
    private static final Pattern SNAPSHOT_OBJECT = Pattern.compile("data/snapshots/([^/]+)/.*");
    private static final Pattern DB_RECORD = Pattern.compile("records/capture(?:-tip|-marker)?/(.+)\\.record");

    private final Repository repo;
    private final Map<String, SnapshotManifest> manifests;
    private final Set<String> listed;
    private final Map<String, SnapshotAnchor> anchors = new TreeMap<>();
    private final Map<String, String> badAnchors = new TreeMap<>();
    private final Map<String, List<String>> objectsBySnapshot = new TreeMap<>();
    private final List<String> notices = new ArrayList<>();
    private final Set<String> reported = new HashSet<>();

    /** @param manifests the readable snapshot manifests by id */
    References(Repository repo, Map<String, SnapshotManifest> manifests) {
        this.repo = repo;
        this.manifests = manifests;
        this.listed = new HashSet<>(repo.listManifests(SnapshotManifest.KIND));
        for (String id : repo.listManifests(SnapshotAnchor.KIND)) {
            try {
                anchors.put(id, SnapshotAnchor.fromJson(repo.readManifest(SnapshotAnchor.KIND, id)));
            } catch (ProdguardException e) {
                RepositoryVerifier.rethrowKey(e);
                badAnchors.put(id, RepositoryVerifier.reason(e));
            } catch (RuntimeException e) {
                badAnchors.put(id, "anchor manifest " + id + " is not a valid anchor (" + e.getMessage() + ")");
            }
        }
        for (String key : repo.listObjects("snapshots/")) {
            Matcher m = SNAPSHOT_OBJECT.matcher(key);
            if (m.matches()) {
                objectsBySnapshot.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(key);
            }
        }
    }

    /** Every database something of capture names: segments, anchors, gaps, capture records, segment objects. */
    Set<String> capturedDatabases() {
        Set<String> out = new TreeSet<>(SegmentReader.databases(repo));
        anchors.values().forEach(a -> out.add(a.database()));
        for (String id : repo.listManifests(dev.prodguard.capture.GapManifest.KIND)) {
            SegmentReader.GapId g = SegmentReader.GapId.parse(id);
            if (g != null) {
                out.add(g.database());
            }
        }
        for (String key : list("records/capture")) {
            Matcher m = DB_RECORD.matcher(key);
            if (m.matches()) {
                out.add(m.group(1));
            }
        }
        for (String key : repo.listObjects("segments/")) {
            String rest = key.substring("data/segments/".length());
            if (rest.indexOf('/') > 0) {
                out.add(rest.substring(0, rest.indexOf('/')));
            }
        }
        return out;
    }

    /** The readable anchors of database {@code db}. */
    List<SnapshotAnchor> anchorsOf(String db) {
        return anchors.values().stream().filter(a -> a.database().equals(db)).toList();
    }

    /** The ids of every anchor manifest, readable or not. */
    Set<String> anchorIds() {
        Set<String> out = new HashSet<>(anchors.keySet());
        out.addAll(badAnchors.keySet());
        return out;
    }

    /** Unreadable anchors, anchors and the last restore test naming a snapshot whose manifest is missing. */
    List<Problem> problems(Map<String, RestorePoints> points) {
        List<Problem> out = new ArrayList<>();
        badAnchors.forEach((id, why) -> {
            SnapshotManifest s = manifests.get(id);
            RestorePoints p = s == null ? null : points.get(s.db());
            out.add(new Problem(Problem.ANCHOR, null, HistoryVerifier.manifestKey(SnapshotAnchor.KIND, id), why,
                    p == null ? List.of("point-in-time restores from snapshot " + id) : List.of(p.everyPointInTime())));
        });
        Map<String, List<String>> namedBy = new TreeMap<>();
        Map<String, List<String>> affects = new TreeMap<>();
        anchors.forEach((id, a) -> {
            if (!listed.contains(id)) {
                namedBy.computeIfAbsent(id, k -> new ArrayList<>()).add("anchor manifest "
                        + HistoryVerifier.manifestKey(SnapshotAnchor.KIND, id));
                affects.computeIfAbsent(id, k -> new ArrayList<>()).add("point-in-time restores of " + a.database()
                        + " that start from snapshot " + id + " (captured after " + (a.clusterTime() == null ? "its anchor"
                        : "cluster time " + Instants.clusterTime(Integer.toUnsignedLong(a.clusterTime().getTime()),
                                Integer.toUnsignedLong(a.clusterTime().getInc()))) + ")");
            }
        });
        lastRestoreTest(out, namedBy);
        namedBy.forEach((id, by) -> out.add(missingSnapshot(id, String.join(" and ", by), affects.getOrDefault(id, List.of()))));
        return out;
    }

    private void lastRestoreTest(List<Problem> out, Map<String, List<String>> namedBy) {
        String key = "records/" + RestoreTestRecord.RECORD + ".record";
        String id;
        try {
            RestoreTestRecord last = RestoreTestRecord.read(repo);
            if (last == null) {
                return;
            }
            id = last.snapshotId();
        } catch (RestoreTestRecord.Unreadable e) {
            out.add(new Problem(Problem.RECORD, null, key, "the record of the last restore test " + key + " is not valid ("
                    + e.why() + ")", List.of("no restore point (status cannot show the last restore test)")));
            return;
        } catch (ProdguardException e) {
            RepositoryVerifier.rethrowKey(e);
            out.add(new Problem(Problem.RECORD, null, key, "the record of the last restore test " + key + " cannot be read: "
                    + RepositoryVerifier.reason(e), List.of("no restore point (status and the guardian's restore-test alert cannot tell"
                    + " whether the last restore test passed)")));
            return;
        }
        if (id == null || listed.contains(id)) {
            return;
        }
        if (namedBy.containsKey(id) || objectsBySnapshot.containsKey(id) && !pendingPrune().containsAll(objectsBySnapshot.get(id))) {
            namedBy.computeIfAbsent(id, k -> new ArrayList<>()).add("the last restore test (" + key + ")");
        } else {
            reported.add(id);
            notices.add("the last restore test (" + key + ") tested snapshot " + id + ", which is no longer in the"
                    + " repository (retention deleted it); the next restore test replaces the record");
        }
    }

    private Problem missingSnapshot(String id, String namedBy, List<String> more) {
        reported.add(id);
        List<String> objects = objectsBySnapshot.getOrDefault(id, List.of());
        List<String> affects = new ArrayList<>();
        affects.add("snapshot " + id + " and restores based on it");
        affects.addAll(more);
        return new Problem(Problem.SNAPSHOT, objects.isEmpty() ? null : objects.get(0),
                HistoryVerifier.manifestKey(SnapshotManifest.KIND, id), "the manifest of snapshot " + id + " is missing, but "
                + namedBy + (namedBy.contains(" and ") ? " name" : " names") + " it" + (objects.isEmpty() ? "" : " and " + objects.size() + " of its object(s) are still"
                + " stored") + ": the manifest was deleted or lost (damage, not the debris of an interrupted backup)", affects);
    }

    /** Notices about objects of snapshots without a manifest that nothing names. */
    List<String> notices() {
        Set<String> named = new HashSet<>(anchors.keySet());
        Set<String> pending = pendingPrune();
        for (Map.Entry<String, List<String>> e : objectsBySnapshot.entrySet()) {
            String id = e.getKey();
            if (listed.contains(id) || named.contains(id) || reported.contains(id)) {
                continue;
            }
            if (pending.containsAll(e.getValue())) {
                notices.add(e.getValue().size() + " object(s) of snapshot " + id + " are left by an interrupted prune; the"
                        + " next prune deletes them");
            } else {
                notices.add("objects of snapshot " + id + " without a manifest: an interrupted backup, or a deleted manifest ("
                        + e.getValue().size() + " object(s) under data/snapshots/" + id + "/; nothing names the snapshot)");
            }
        }
        return notices;
    }

    /** Snapshot data objects that no readable snapshot manifest names. */
    int unreferencedSnapshotObjects(Set<String> referenced) {
        int n = 0;
        for (List<String> keys : objectsBySnapshot.values()) {
            n += (int) keys.stream().filter(k -> !referenced.contains(k)).count();
        }
        return n;
    }

    private Set<String> pendingPrune() {
        try {
            byte[] b = repo.getRecord(InventoryReader.PENDING);
            Set<String> out = new HashSet<>();
            if (b != null) {
                new ObjectMapper().readTree(b).forEach(k -> out.add(k.asText()));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    private List<String> list(String prefix) {
        try {
            return repo.storage().list(prefix);
        } catch (IOException e) {
            throw new ProdguardException(ErrorCode.STORAGE, "cannot list " + prefix + " in the backup repository at "
                    + repo.location() + ": " + e.getMessage(), e);
        }
    }
}
