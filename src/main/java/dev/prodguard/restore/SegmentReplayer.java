package dev.prodguard.restore;

import com.mongodb.client.MongoClient;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.replay.ReplayEngine;
import dev.prodguard.replay.ReplayStats;
import dev.prodguard.repo.Repository;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a plan's change segments onto the restored database, streaming: events are read segment
 * by segment and applied in chunks, so memory stays bounded whatever the history's length.
 */
final class SegmentReplayer {
    static final int CHUNK = 1000;

    private final MongoClient client;
    private final Repository repo;

    SegmentReplayer(MongoClient client, Repository repo) {
        this.client = client;
        this.repo = repo;
    }

    /** Applies every event the plan's steps admit, in order, except those of the collections in {@code skip}. */
    ReplayStats replay(RestorePlan plan, java.util.Set<String> skip) {
        String source = plan.snapshot().db();
        ReplayEngine engine = new ReplayEngine(client, NamespaceMap.single(source, plan.targetDb()));
        ReplayStats total = ReplayStats.NONE;
        List<ChangeEvent> chunk = new ArrayList<>();
        ReplayStats[] acc = {ReplayStats.NONE};
        for (ReplayStep step : plan.replay()) {
            NamespaceFilter filter = new NamespaceFilter(step.scope().include(), step.scope().exclude());
            SegmentManifest m = SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, step.segmentId()));
            SegmentReader.read(repo, m, e -> {
                if (!step.scope().admitsTime(e)) {
                    return;
                }
                String coll = e.meta().ns() == null ? null : e.meta().ns().coll();
                if (coll != null && (skip.contains(coll) || !filter.accepts(source, coll))) {
                    return;
                }
                chunk.add(e);
                if (chunk.size() >= CHUNK) {
                    acc[0] = acc[0].plus(engine.applyAll(chunk));
                    chunk.clear();
                }
            });
        }
        if (!chunk.isEmpty()) {
            acc[0] = acc[0].plus(engine.applyAll(chunk));
        }
        return total.plus(acc[0]);
    }
}
