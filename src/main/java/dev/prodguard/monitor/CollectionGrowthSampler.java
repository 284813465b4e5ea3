package dev.prodguard.monitor;

import com.mongodb.MongoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;

/**
 * Collection growth: per collection of the protected database, {@code collection.count},
 * {@code collection.size_bytes}, {@code collection.storage_bytes} and {@code collection.index_bytes}.
 * Source, probed on the first collection: the {@code $collStats} stage (current servers), else the
 * older {@code collStats} command (deprecated since MongoDB 6.2, still the only one on some servers).
 */
public final class CollectionGrowthSampler extends BaseSampler {
    private static final String STAGE = "$collStats";
    private static final String COMMAND = "collStats";

    private final String db;
    private final int maxCollections;

    /** Samples {@code db}'s collections (at most {@code maxCollections}) every {@code period}. */
    public CollectionGrowthSampler(Duration period, String db, int maxCollections) {
        super("collection growth", period);
        this.db = db;
        this.maxCollections = maxCollections;
    }

    @Override
    public List<Sample> sample(Round round) {
        List<String> names = round.collections(db, maxCollections);
        if (names.isEmpty()) {
            return List.of(); // nothing to probe on yet
        }
        if (capability.state() == Capability.State.UNKNOWN) {
            probe(round, names.get(0));
            if (!capability.usable()) {
                return List.of();
            }
        }
        List<Sample> out = new ArrayList<>();
        for (String name : names) {
            CollectionStats s;
            try {
                s = stats(round, name, capability.source().equals(STAGE));
            } catch (MongoException e) {
                if (Unsupported.reason(e).isPresent()) {
                    continue; // e.g. dropped between listing and measuring
                }
                throw e;
            }
            out.add(new Sample("collection.count", name, round.now(), s.count()));
            out.add(new Sample("collection.size_bytes", name, round.now(), s.size()));
            out.add(new Sample("collection.storage_bytes", name, round.now(), s.storageSize()));
            out.add(new Sample("collection.index_bytes", name, round.now(), s.indexSize()));
        }
        return out;
    }

    private void probe(Round round, String first) {
        String stageWhy;
        try {
            stats(round, first, true);
            capability = Capability.available(STAGE, "");
            return;
        } catch (MongoException e) {
            stageWhy = Unsupported.reason(e).orElseThrow(() -> e);
        }
        try {
            stats(round, first, false);
            capability = Capability.available(COMMAND, "the $collStats stage is not available on this server");
        } catch (MongoException e) {
            String why = Unsupported.reason(e).orElseThrow(() -> e);
            capability = Capability.notAvailable("$collStats: " + stageWhy + "; collStats: " + why);
        }
    }

    private CollectionStats stats(Round round, String name, boolean stage) {
        if (stage) {
            List<Document> docs = round.aggregate(db, name,
                    List.of(new Document(STAGE, new Document("storageStats", new Document()))), 1);
            return docs.isEmpty() ? new CollectionStats(name, 0, 0, 0, 0) : CollectionStats.fromAggregate(docs.get(0));
        }
        return CollectionStats.fromCollStats(round.command(db, new Document(COMMAND, name)));
    }
}
