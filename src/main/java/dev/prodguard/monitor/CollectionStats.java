package dev.prodguard.monitor;

import org.bson.Document;

/**
 * One collection's size: documents, logical size, allocated storage and total index size, in
 * bytes, from the {@code collStats} command or the {@code $collStats: {storageStats: {}}} stage.
 */
public record CollectionStats(String collection, long count, long size, long storageSize, long indexSize) {

    /** Parses a {@code collStats} command reply (scale 1). */
    public static CollectionStats fromCollStats(Document reply) {
        return from(Bson.str(reply, "ns"), reply);
    }

    /** Parses one document of a {@code $collStats} stage with {@code storageStats}. */
    public static CollectionStats fromAggregate(Document stage) {
        Document s = Bson.doc(stage, "storageStats");
        return from(Bson.str(stage, "ns"), s == null ? new Document() : s);
    }

    private static CollectionStats from(String ns, Document s) {
        String coll = ns == null ? "" : ns.substring(ns.indexOf('.') + 1);
        long index = Bson.num(s, "totalIndexSize").isPresent() ? Bson.lng(s, "totalIndexSize", 0) : sumIndexSizes(s);
        return new CollectionStats(coll, Bson.lng(s, "count", 0), Bson.lng(s, "size", 0),
                Bson.lng(s, "storageSize", 0), index);
    }

    /** Older servers and the embedded one give only {@code indexSize: {name: bytes}}. */
    private static long sumIndexSizes(Document s) {
        Document sizes = Bson.doc(s, "indexSizes");
        if (sizes == null) {
            sizes = Bson.doc(s, "indexSize");
        }
        long total = 0;
        if (sizes != null) {
            for (String k : sizes.keySet()) {
                total += Bson.lng(sizes, k, 0);
            }
        }
        return total;
    }
}
