package dev.prodguard.monitor;

import org.bson.Document;

/**
 * Sizes in bytes of a database ({@code dbStats}) or of a whole Atlas free/Flex cluster
 * ({@code atlasSize}): logical data size, allocated storage, index size and document count.
 * Atlas counts {@code dataSize + indexSize} against a free cluster's quota.
 */
public record StorageStats(String name, long dataSize, long storageSize, long indexSize, long objects) {

    /** Data plus indexes: what an Atlas free cluster's storage quota counts. */
    public long quotaBytes() {
        return dataSize + indexSize;
    }

    /** Parses a {@code dbStats} reply (run with the default scale 1, sizes in bytes). */
    public static StorageStats fromDbStats(Document reply) {
        double scale = Bson.num(reply, "scaleFactor").orElse(1);
        return new StorageStats(Bson.str(reply, "db"), (long) (Bson.num(reply, "dataSize").orElse(0) * scale),
                (long) (Bson.num(reply, "storageSize").orElse(0) * scale),
                (long) (Bson.num(reply, "indexSize").orElse(0) * scale), Bson.lng(reply, "objects", 0));
    }

    /**
     * Parses an {@code atlasSize} reply (Atlas free and Flex clusters only): {@code totals} over
     * every database; {@code atlasSize} is data plus index size.
     */
    public static StorageStats fromAtlasSize(Document reply) {
        Document t = Bson.doc(reply, "totals");
        if (t == null) {
            t = new Document();
        }
        long data = Bson.lng(t, "dataSize", 0);
        long index = Bson.lng(t, "indexSize", 0);
        long atlas = Bson.lng(reply, "atlasSize", data + index);
        // keep quotaBytes() equal to what Atlas reports, should totals and atlasSize ever disagree
        return new StorageStats("(cluster)", atlas - index, Bson.lng(t, "storageSize", 0), index,
                Bson.lng(t, "objects", 0));
    }
}
