package dev.prodguard.restore;

import com.mongodb.client.MongoClient;
import dev.prodguard.capture.ChangeEvent;
import dev.prodguard.capture.SegmentManifest;
import dev.prodguard.capture.SegmentReader;
import dev.prodguard.replay.NamespaceMap;
import dev.prodguard.replay.ReplayEngine;
import dev.prodguard.replay.ReplayStats;
import dev.prodguard.repo.Repository;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays a plan's change segments onto the restored database, streaming: events are read segment
 * by segment and applied in chunks of at most {@value #CHUNK} events and {@value #CHUNK_BYTES} bytes of
 * documents, so memory stays bounded whatever the history's length. A chunk is large enough that each
 * collection's runs reach the bulk size; its collections are written side by side, and the next chunk
 * is read and decoded meanwhile ({@link ChunkReader}).
 */
final class SegmentReplayer {
    static final int CHUNK = 5000;
    static final long CHUNK_BYTES = 32L * 1024 * 1024;

    private final MongoClient client;
    private final Repository repo;
    private final int parallelism;

    /** A replayer writing to up to {@code parallelism} collections at once. */
    SegmentReplayer(MongoClient client, Repository repo, int parallelism) {
        this.client = client;
        this.repo = repo;
        this.parallelism = parallelism;
    }

    /** Applies every event the plan's steps admit, in order, except those of the collections in {@code skip}. */
    ReplayStats replay(RestorePlan plan, java.util.Set<String> skip) {
        String source = plan.snapshot().db();
        ReplayEngine engine = new ReplayEngine(client, NamespaceMap.single(source, plan.targetDb()), parallelism);
        ReplayStats total = ReplayStats.NONE;
        try (ChunkReader chunks = ChunkReader.start(sink -> read(plan, skip, sink), CHUNK, CHUNK_BYTES)) {
            for (List<ChangeEvent> chunk = chunks.next(); chunk != null; chunk = chunks.next()) {
                total = total.plus(engine.applyAll(chunk));
            }
        }
        return total;
    }

    /** Feeds the events the plan's steps admit to {@code sink}, in order. */
    private void read(RestorePlan plan, java.util.Set<String> skip, Consumer<ChangeEvent> sink) {
        String source = plan.snapshot().db();
        for (ReplayStep step : plan.replay()) {
            NamespaceFilter filter = new NamespaceFilter(step.scope().include(), step.scope().exclude());
            SegmentManifest m = SegmentManifest.fromJson(repo.readManifest(SegmentManifest.KIND, step.segmentId()));
            SegmentReader.read(repo, m, e -> {
                if (!step.scope().admitsTime(e)) {
                    return;
                }
                String coll = e.meta().ns() == null ? null : e.meta().ns().coll();
                if (coll == null || (!skip.contains(coll) && filter.accepts(source, coll))) {
                    sink.accept(e);
                }
            });
        }
    }
}
