package dev.prodguard.restore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import dev.prodguard.repo.FileStorage;
import dev.prodguard.repo.Repository;
import dev.prodguard.snapshot.CollectionEntry;
import dev.prodguard.snapshot.ContentHash;
import dev.prodguard.snapshot.SnapshotCatalog;
import dev.prodguard.snapshot.SnapshotManifest;
import dev.prodguard.testing.TestMongo;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views and collection options are restored with the {@code create} command, after the data. The
 * embedded server turns a view into a plain collection and rejects capped collections, so this test
 * checks the commands sent for listCollections entries shaped as MongoDB documents them.
 */
class ViewRestoreTest {
    @RegisterExtension
    static TestMongo mongo = new TestMongo();

    @TempDir
    Path dir;

    /** listCollections entries as MongoDB's manual shows them (db.runCommand({listCollections: 1})). */
    private static final String ORDERS = """
            {"name": "orders", "type": "collection", "options": {"validator": {"$jsonSchema": {"bsonType": "object",
             "required": ["total"]}}, "validationLevel": "moderate", "validationAction": "warn"},
             "info": {"readOnly": false, "uuid": {"$binary": {"base64": "Ej5FZ+ibEtOkVkJmFBdAAA==", "subType": "04"}}},
             "idIndex": {"v": {"$numberInt": "2"}, "key": {"_id": {"$numberInt": "1"}}, "name": "_id_"}}""";
    private static final String VIEW = """
            {"name": "big_orders", "type": "view", "options": {"viewOn": "orders", "pipeline": [{"$match":
             {"total": {"$gt": {"$numberDecimal": "1000"}}}}, {"$project": {"total": 1}}]}, "info": {"readOnly": true}}""";

    @Test
    void viewsAreCreatedAfterTheDataWithTheirStoredDefinition() throws Exception {
        BsonDocument orders = BsonDocument.parse(ORDERS);
        BsonDocument view = BsonDocument.parse(VIEW);
        ObjectMapper json = new ObjectMapper();
        String empty = ContentHash.current().hex();
        CollectionEntry o = new CollectionEntry("orders", "collection", json.readTree(orders.getDocument("options").toJson()),
                json.readTree(orders.getDocument("info").toJson()), List.of(json.readTree(
                "{\"v\": {\"$numberInt\": \"2\"}, \"key\": {\"total\": {\"$numberInt\": \"-1\"}}, \"name\": \"total_-1\"}")),
                List.of(), 0, empty, 0, 0);
        CollectionEntry v = new CollectionEntry("big_orders", "view", json.readTree(view.getDocument("options").toJson()),
                json.readTree(view.getDocument("info").toJson()), List.of(), List.of(), 0, empty, 0, 0);
        List<BsonDocument> sent = new CopyOnWriteArrayList<>();
        CommandListener listener = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent e) {
                if (e.getCommandName().equals("create") || e.getCommandName().equals("createIndexes")) {
                    BsonDocument c = new org.bson.RawBsonDocument(e.getCommand(), new org.bson.codecs.BsonDocumentCodec())
                            .decode(new org.bson.codecs.BsonDocumentCodec());
                    c.remove("$db");
                    c.remove("lsid");
                    c.remove("$clusterTime");
                    sent.add(c);
                }
            }
        };
        try (Repository repo = Repository.openOrCreate(new FileStorage(dir.resolve("repo")), null);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(mongo.uri())).addCommandListener(listener).build())) {
            new SnapshotCatalog(repo).commit(new SnapshotManifest(SnapshotManifest.FORMAT, "20260101T000000.000Z-0001",
                    "shop", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", 1000, "test", List.of(v, o)));
            RestorePlan plan = RestorePlanner.forSnapshot(repo, "latest", RestoreRequest.defaults()
                    .withTargetDb(TestMongo.uniqueDb("views")));
            assertThat(plan.views()).extracting(CollectionEntry::name).containsExactly("big_orders");
            assertThat(String.join("\n", plan.describe())).contains("create views: big_orders");
            new RestoreExecutor(client, repo, RestoreOptions.defaults(), Clock.systemUTC()).execute(plan);
        }
        BsonDocument createOrders = new BsonDocument("create", new org.bson.BsonString("orders"));
        createOrders.putAll(orders.getDocument("options"));
        BsonDocument createView = new BsonDocument("create", new org.bson.BsonString("big_orders"));
        createView.putAll(view.getDocument("options"));
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).isEqualTo(createOrders);
        assertThat(sent.get(1).getString("createIndexes").getValue()).isEqualTo("orders");
        assertThat(sent.get(1).getArray("indexes").get(0).asDocument().getString("name").getValue()).isEqualTo("total_-1");
        assertThat(sent.get(2)).isEqualTo(createView);
    }
}
