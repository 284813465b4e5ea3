package dev.prodguard.alert;

import dev.prodguard.restore.Incidents;
import java.time.Instant;
import java.util.List;
import org.bson.BsonTimestamp;

/** Wipe alerts for tests of the alert machinery: a drop whose first change is one second after the restore point. */
public final class TestWipes {
    /** The repository the sample alerts name. */
    public static final String REPO = "/srv/prodguard/repo";

    private TestWipes() {}

    /** The alert for {@code collections} of {@code db} dropped at {@code before + 1 s} (null: not restorable). */
    public static AlertSpec dropped(String db, List<String> collections, Instant before) {
        Instant at = (before == null ? Instant.parse("2026-11-25T10:42:00Z") : before.plusSeconds(1));
        String id = Incidents.id(new BsonTimestamp((int) at.getEpochSecond(), 1));
        return WipeAlert.dropped(db, id, collections, at, collections.size() == 1 ? "drop" : "dropDatabase", before,
                before == null ? "no restorable point before the wipe" : null, new RestoreCommands.Env(db, REPO, null));
    }
}
