package dev.prodguard.replay;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.*;
import dev.prodguard.testing.TestMongo;
import java.util.*;
import org.bson.*;
import org.junit.jupiter.api.*;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("bench")
class TmpMicroBench {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @Test
    void compare() {
        Map<String, Long> best = new TreeMap<>();
        for (int round = 0; round < 6; round++) {
            for (String mode : new String[] {"insertMany", "bulkInsertOne", "bulkReplaceUpsert", "bulkInsertUnordered", "bulkUpdateUpsert"}) {
                MongoCollection<BsonDocument> c = mongo.client().getDatabase(TestMongo.uniqueDb("mb")).getCollection("orders", BsonDocument.class);
                List<BsonDocument> docs = new ArrayList<>();
                for (int j = 0; j < 5000; j++) {
                    docs.add(new BsonDocument("_id", new BsonInt32(j)).append("sku", new BsonString("sku-" + (j % 977))).append("qty", new BsonInt32(j % 13)).append("px", new BsonDouble(j * 0.25)));
                }
                long t = System.nanoTime();
                for (int i = 0; i < 5000; i += 1000) {
                    List<BsonDocument> part = docs.subList(i, i + 1000);
                    List<WriteModel<BsonDocument>> models = new ArrayList<>();
                    switch (mode) {
                        case "insertMany" -> c.insertMany(part, new InsertManyOptions().ordered(false));
                        case "bulkInsertOne" -> { part.forEach(d -> models.add(new InsertOneModel<>(d))); c.bulkWrite(models); }
                        case "bulkInsertUnordered" -> { part.forEach(d -> models.add(new InsertOneModel<>(d))); c.bulkWrite(models, new BulkWriteOptions().ordered(false)); }
                        case "bulkReplaceUpsert" -> { part.forEach(d -> models.add(new ReplaceOneModel<>(Filters.eq("_id", d.get("_id")), d, new ReplaceOptions().upsert(true)))); c.bulkWrite(models); }
                        case "bulkUpdateUpsert" -> { part.forEach(d -> models.add(new UpdateOneModel<>(Filters.eq("_id", d.get("_id")), new BsonDocument("$set", new BsonDocument("qty", new BsonInt32(1))), new UpdateOptions().upsert(true)))); c.bulkWrite(models); }
                    }
                }
                best.merge(mode, (System.nanoTime() - t) / 1_000_000, Math::min);
            }
        }
        System.out.println("MB " + best);
    }
}
