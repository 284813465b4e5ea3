package dev.prodguard.verify;

import com.mongodb.client.MongoClient;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.replay.ReplayEngine;
import dev.prodguard.replay.ReplayStats;
import dev.prodguard.repo.Repository;
import dev.prodguard.restore.ReplayScope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a restored snapshot to its consistent point: replays, onto the already restored scratch
 * database, the captured changes from the snapshot's anchor up to and including its finish instant
 * (the same selection and replay engine as {@code restore --to}; replay is idempotent, so changes the
 * snapshot already read are applied again harmlessly). Streams in chunks; memory stays bounded.
 */
final class ConsistentReplay {
    static final int CHUNK = 1000;

    /** What the replay did: events applied, and how many changes happened while the snapshot was being read. */
    record Outcome(ReplayStats stats, long changesDuringRead) {}

    private ConsistentReplay() {}

    /** Replays {@code c}'s segments from its source database onto {@code targetDb}. */
    static Outcome run(MongoClient client, Repository repo, SnapshotConsistency c, String targetDb) {
        Instant until = c.consistentAt();
        ReplayScope scope = new ReplayScope(until, null, List.of(), List.of());
        ReplayEngine engine = new ReplayEngine(client, NamespaceMap.single(c.snapshot().db(), targetDb));
        List<ChangeEvent> chunk = new ArrayList<>();
        ReplayStats[] total = {ReplayStats.NONE};
        long[] during = {0};
        for (SegmentManifest m : c.segments()) {
            SegmentReader.read(repo, m, e -> {
                if (!scope.admitsTime(e)) {
                    return;
                }
                if (c.duringRead(e)) {
                    during[0]++;
                }
                chunk.add(e);
                if (chunk.size() >= CHUNK) {
                    total[0] = total[0].plus(engine.applyAll(chunk));
                    chunk.clear();
                }
            });
        }
        if (!chunk.isEmpty()) {
            total[0] = total[0].plus(engine.applyAll(chunk));
        }
        return new Outcome(total[0], during[0]);
    }
}
