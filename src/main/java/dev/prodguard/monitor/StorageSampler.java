package dev.prodguard.monitor;

import com.mongodb.MongoException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.bson.Document;

/**
 * Data and storage size against the tier's quota. Source: {@code atlasSize} where the server
 * answers it (only Atlas free and Flex clusters do: data plus index size over the whole cluster,
 * what the quota counts), else {@code dbStats} of the protected database. Samples, per database,
 * {@code storage.data_bytes}, {@code storage.storage_bytes}, {@code storage.index_bytes}; and
 * {@code storage.used_bytes}, {@code storage.quota_bytes}, {@code storage.quota_share} when a quota
 * is known ({@code monitor.quota_mb}, or 512 MB assumed on an Atlas free cluster).
 */
public final class StorageSampler extends BaseSampler {
    private final String db;
    private final OptionalLong configuredQuota;
    private boolean atlasFree;

    /** Samples {@code db} every {@code period} against {@code configuredQuota} (bytes) when set. */
    public StorageSampler(Duration period, String db, OptionalLong configuredQuota) {
        super("storage", period);
        this.db = db;
        this.configuredQuota = configuredQuota;
    }

    @Override
    public List<Sample> sample(Round round) {
        if (capability.state() == Capability.State.UNKNOWN) {
            atlasFree = answers(round, new Document("atlasSize", 1));
        }
        List<Sample> out = new ArrayList<>();
        StorageStats dbStats;
        try {
            dbStats = StorageStats.fromDbStats(round.command(db, new Document("dbStats", 1)));
        } catch (MongoException e) {
            var why = Unsupported.reason(e);
            if (why.isEmpty()) {
                throw e;
            }
            capability = Capability.notAvailable("dbStats: " + why.get());
            return List.of();
        }
        out.add(new Sample("storage.data_bytes", db, round.now(), dbStats.dataSize()));
        out.add(new Sample("storage.storage_bytes", db, round.now(), dbStats.storageSize()));
        out.add(new Sample("storage.index_bytes", db, round.now(), dbStats.indexSize()));
        long used = atlasFree ? StorageStats.fromAtlasSize(round.command("admin", new Document("atlasSize", 1)))
                .quotaBytes() : dbStats.quotaBytes();
        out.add(Sample.of("storage.used_bytes", round.now(), used));
        OptionalLong quota = configuredQuota.isPresent() ? configuredQuota
                : atlasFree ? OptionalLong.of(MonitorSettings.M0_QUOTA_BYTES) : OptionalLong.empty();
        if (quota.isPresent()) {
            out.add(Sample.of("storage.quota_bytes", round.now(), quota.getAsLong()));
            out.add(Sample.of("storage.quota_share", round.now(), (double) used / quota.getAsLong()));
        }
        String source = atlasFree ? "atlasSize and dbStats" : "dbStats of " + db;
        String note = configuredQuota.isPresent() ? "quota from monitor.quota_mb"
                : atlasFree ? "Atlas free/Flex cluster: assuming M0's 512 MB quota; set monitor.quota_mb on Flex"
                : "no quota known: set monitor.quota_mb for a storage alert";
        if (capability.state() != Capability.State.AVAILABLE) {
            capability = Capability.available(source, note);
        }
        return out;
    }

    private static boolean answers(Round round, Document cmd) {
        try {
            round.command("admin", cmd);
            return true;
        } catch (MongoException e) {
            if (Unsupported.reason(e).isEmpty()) {
                throw e;
            }
            return false;
        }
    }
}
