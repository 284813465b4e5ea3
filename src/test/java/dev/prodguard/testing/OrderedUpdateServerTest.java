package dev.prodguard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import java.util.ArrayList;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;

/** An ordered update stops at its first rejected statement, and the reply says what ran, as a real server's does. */
class OrderedUpdateServerTest {
    @Test
    void anOrderedUpdateStopsAtItsFirstRejectedStatement() {
        try (OrderedUpdateServer server = OrderedUpdateServer.start(); MongoClient client = MongoClients.create(server.uri())) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("c");
            c.createIndex(new Document("u", 1), new IndexOptions().unique(true));
            c.insertMany(List.of(new Document("_id", 1).append("u", 1), new Document("_id", 2).append("u", 2)));
            List<WriteModel<Document>> writes = List.of(
                    new UpdateOneModel<>(Filters.eq("_id", 1), Updates.set("n", 1)),
                    new ReplaceOneModel<>(Filters.eq("_id", 3), new Document("_id", 3).append("u", 3), new ReplaceOptions().upsert(true)),
                    new UpdateOneModel<>(Filters.eq("_id", 2), Updates.set("u", 1)), // rejected: u 1 is taken
                    new UpdateOneModel<>(Filters.eq("_id", 2), Updates.set("n", 4)));
            MongoBulkWriteException e = catchThrowableOfType(MongoBulkWriteException.class,
                    () -> c.bulkWrite(writes, new BulkWriteOptions().ordered(true)));
            assertThat(e.getWriteErrors()).singleElement().satisfies(w -> {
                assertThat(w.getIndex()).isEqualTo(2);
                assertThat(w.getCode()).isEqualTo(11000);
            });
            assertThat(e.getWriteResult().getMatchedCount()).isEqualTo(1);
            assertThat(e.getWriteResult().getUpserts()).singleElement().satisfies(u -> assertThat(u.getIndex()).isEqualTo(1));
            assertThat(c.find().sort(new Document("_id", 1)).into(new ArrayList<>())).containsExactly(
                    new Document("_id", 1).append("u", 1).append("n", 1),
                    new Document("_id", 2).append("u", 2), // the statement after the rejected one did not run
                    new Document("_id", 3).append("u", 3));
        }
    }
}
