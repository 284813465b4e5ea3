package dev.prodguard.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.error.ProdguardException;
import dev.prodguard.repo.ObjectRef;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonTimestamp;

/**
 * Reads a repository into an {@link Inventory}: every snapshot and segment manifest, and the data
 * objects under {@code snapshots/} and {@code segments/} that none names. A manifest that cannot be
 * read stops the prune: deciding on a partial view could delete what that manifest names.
 *
 * <p>Two records keep prune's memory between runs: {@link #PENDING} lists the objects a prune chose to
 * delete (so a re-run after a crash finishes them at once) and {@link #SEEN} when each unreferenced
 * segment object was first seen (storage keeps no reliable age; snapshot object keys carry their
 * snapshot's start time).
 */
public final class InventoryReader {
    /** Record of the object keys an unfinished prune condemned. */
    public static final String PENDING = "retention/pending";
    /** Record of when prune first saw each unreferenced object it could not date otherwise. */
    public static final String SEEN = "retention/orphans-seen";

    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SNAPSHOT_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");

    private final Repository repo;

    public InventoryReader(Repository repo) {
        this.repo = repo;
    }

    /** Manifest kind capture writes to tie a snapshot to the segment it replays after (fields snapshotId, segmentSeq). */
    public static final String ANCHOR = "anchor";
    /** Manifest kind capture writes for lost history (fields database, fromTime, to). */
    public static final String GAP = "gap";

    /** Reads the inventory; {@code now} dates objects seen for the first time. */
    public Inventory read(Instant now) {
        List<Inventory.Snapshot> snapshots = new ArrayList<>();
        Set<String> named = new HashSet<>();
        SnapshotCatalog catalog = new SnapshotCatalog(repo);
        Map<String, Long> anchors = anchors();
        for (String id : catalog.ids()) {
            SnapshotManifest m = readable("snapshot", id, () -> catalog.load(id));
            List<ObjectRef> objects = new ArrayList<>();
            for (CollectionEntry c : m.collections()) {
                objects.addAll(c.objects());
            }
            objects.forEach(o -> named.add(o.key()));
            snapshots.add(new Inventory.Snapshot(m.id(), m.db(), m.started(), m.finished(), objects, anchors.get(m.id()),
                    m.isSafety()));
        }
        List<Inventory.Segment> segments = new ArrayList<>();
        for (String id : repo.listManifests(SegmentManifest.KIND)) {
            SegmentManifest m = readable("segment", id, () -> SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, id)));
            if (m.object() != null) {
                named.add(m.object().key());
            }
            segments.add(segment(m));
        }
        return new Inventory(snapshots, segments, gaps(), orphans(named, now), temps());
    }

    /** The storage's leftovers of interrupted writes ({@code .tmp-*} files). */
    private List<dev.prodguard.repo.Storage.Debris> temps() {
        try {
            return repo.storage().debris();
        } catch (IOException e) {
            throw new ProdguardException(dev.prodguard.error.ErrorCode.STORAGE, "prune stopped: cannot list the"
                    + " unfinished writes in " + repo.location() + ": " + e.getMessage() + "; nothing was deleted", e);
        }
    }

    private Map<String, Long> anchors() {
        Map<String, Long> out = new HashMap<>();
        for (String id : repo.listManifests(ANCHOR)) {
            BsonDocument d = readable(ANCHOR, id, () -> bson(repo.readManifest(ANCHOR, id)));
            if (d.isString("snapshotId") && d.isNumber("segmentSeq")) {
                out.put(d.getString("snapshotId").getValue(), d.getNumber("segmentSeq").longValue());
            }
        }
        return out;
    }

    /**
     * Recorded gaps with both bounds. A gap whose start is unknown is left out: ignoring a gap only keeps
     * more (a gap lets prune treat the history before it as unneeded by points after it).
     */
    private List<Inventory.Gap> gaps() {
        List<Inventory.Gap> out = new ArrayList<>();
        for (String id : repo.listManifests(GAP)) {
            BsonDocument d = readable(GAP, id, () -> bson(repo.readManifest(GAP, id)));
            if (d.isString("database") && d.isDateTime("fromTime") && d.isDateTime("to")) {
                out.add(new Inventory.Gap(d.getString("database").getValue(),
                        Instant.ofEpochMilli(d.getDateTime("fromTime").getValue()),
                        Instant.ofEpochMilli(d.getDateTime("to").getValue())));
            }
        }
        return out;
    }

    private static BsonDocument bson(byte[] json) {
        return BsonDocument.parse(new String(json, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The segment's span: first event (or position) to position, rounded out to whole seconds. */
    static Inventory.Segment segment(SegmentManifest m) {
        BsonTimestamp end = m.position() != null && m.position().clusterTime() != null ? m.position().clusterTime()
                : m.lastClusterTime();
        Instant to = end != null ? Instant.ofEpochSecond(end.getTime() + 1L)
                : m.committedAt() != null ? m.committedAt() : Instant.EPOCH;
        Instant from = m.firstClusterTime() != null ? Instant.ofEpochSecond(m.firstClusterTime().getTime())
                : end != null ? Instant.ofEpochSecond(end.getTime()) : to;
        return new Inventory.Segment(m.id(), m.database(), m.seq(), from, to, m.object());
    }

    private interface Load<T> {
        T load();
    }

    private <T> T readable(String kind, String id, Load<T> load) {
        try {
            return load.load();
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw ProdguardException.repository("prune stopped: " + kind + " manifest " + id + " cannot be read (" + why
                    + "); nothing was deleted; run 'prodguard verify' and repair or remove that manifest first", e);
        }
    }

    private List<Inventory.Orphan> orphans(Set<String> named, Instant now) {
        Set<String> pending = new HashSet<>(readKeys(PENDING));
        Map<String, Instant> seen = readSeen();
        List<Inventory.Orphan> out = new ArrayList<>();
        for (String prefix : List.of("snapshots/", "segments/")) {
            for (String key : repo.listObjects(prefix)) {
                if (named.contains(key)) {
                    continue;
                }
                Instant since = prefix.equals("snapshots/") ? snapshotTime(key) : null;
                if (since == null) {
                    since = seen.getOrDefault(key, now);
                }
                out.add(new Inventory.Orphan(key, size(key), since, pending.contains(key)));
            }
        }
        return out;
    }

    /** The start time in a snapshot object's key ({@code data/snapshots/<id>/...}), or null. */
    static Instant snapshotTime(String key) {
        String[] parts = key.split("/");
        if (parts.length < 3 || parts[2].length() < 20) {
            return null;
        }
        try {
            return LocalDateTime.parse(parts[2].substring(0, 20), SNAPSHOT_ID).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private long size(String key) {
        try {
            return repo.storage().size(key);
        } catch (IOException e) {
            return 0; // deleted meanwhile; reported as 0 bytes
        }
    }

    /** Keys listed in a record (a JSON array), or none. */
    List<String> readKeys(String record) {
        byte[] b = repo.getRecord(record);
        List<String> out = new ArrayList<>();
        if (b == null) {
            return out;
        }
        try {
            for (JsonNode n : JSON.readTree(b)) {
                out.add(n.asText());
            }
        } catch (IOException e) {
            throw ProdguardException.repository("record " + record + " in " + repo.location() + " is damaged: "
                    + e.getMessage() + "; delete it (prune then waits the orphan grace again)", e);
        }
        return out;
    }

    /** First-seen times of unreferenced objects. */
    Map<String, Instant> readSeen() {
        byte[] b = repo.getRecord(SEEN);
        Map<String, Instant> out = new HashMap<>();
        if (b == null) {
            return out;
        }
        try {
            JsonNode n = JSON.readTree(b);
            n.fields().forEachRemaining(e -> out.put(e.getKey(), Instant.parse(e.getValue().asText())));
        } catch (IOException | DateTimeParseException e) {
            throw ProdguardException.repository("record " + SEEN + " in " + repo.location() + " is damaged: "
                    + e.getMessage() + "; delete it (prune then waits the orphan grace again)", e);
        }
        return out;
    }

    /** Writes the first-seen record for the orphans a plan keeps (those without a date of their own). */
    void writeSeen(List<Inventory.Orphan> kept) {
        ObjectNode o = JSON.createObjectNode();
        for (Inventory.Orphan k : kept) {
            if (snapshotTime(k.key()) == null && k.since() != null) {
                o.put(k.key(), k.since().toString());
            }
        }
        try {
            if (o.isEmpty()) {
                repo.deleteRecord(SEEN);
            } else {
                repo.putRecord(SEEN, JSON.writeValueAsBytes(o));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes (or, for an empty list, deletes) the record of condemned keys. */
    void writePending(List<String> keys) {
        try {
            if (keys.isEmpty()) {
                repo.deleteRecord(PENDING);
            } else {
                repo.putRecord(PENDING, JSON.writeValueAsBytes(new ArrayList<>(new LinkedHashSet<>(keys))));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
